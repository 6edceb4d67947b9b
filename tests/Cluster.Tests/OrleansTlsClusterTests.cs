namespace Disque.Cluster.Tests;

/// <summary>Issue 23: silos that talk to each other over mutual TLS, with a certificate the test made, form a cluster and replicate.</summary>
public sealed class OrleansTlsClusterTests
{
    [Fact]
    public async Task Silos_with_the_cluster_certificate_form_a_cluster_and_replicate_over_TLS()
    {
        var certificate = TestCertificates.Make("disque-cluster");
        await using var cluster = await LocalCluster.Start(gateways: 1, silos: 2, _ => [$"--Disque:OrleansTls:CertificatePath={certificate}"]);
        await using var client = await TestClient.Open(cluster.Nodes[0].RespPort);

        var id = await client.Call("ADDJOB", "over-tls", "x", 5000, "REPLICATE", 3);

        Assert.StartsWith("D-", id as string); // three copies on three silos: the silos reached each other over TLS
    }
}
