using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>A gateway with a TLS port beside its plain one, on a self-signed certificate made for the test.</summary>
public sealed class TlsGatewayFixture : GatewayFixture
{
    public int TlsPort { get; } = FreePorts.Next();

    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"disque-tls-{Guid.NewGuid():N}.pfx");

    public TlsGatewayFixture()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx, "secret"));
    }

    protected override IEnumerable<string> Settings =>
        [$"--Disque:Tls:Port={TlsPort}", $"--Disque:Tls:CertificatePath={_pfx}", "--Disque:Tls:Password=secret"];
}

public sealed class TlsTests(TlsGatewayFixture gateway) : IClassFixture<TlsGatewayFixture>
{
    [Fact]
    public async Task The_TLS_port_speaks_RESP_over_TLS()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", gateway.TlsPort);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost");

        await using var client = new RawClient(tls);

        await client.Send("PING\r\nQLEN nothing\r\n");

        Assert.Equal("+PONG", await client.ReadReply());
        Assert.Equal(":0", await client.ReadReply());
        Assert.True(tls.IsEncrypted);
    }

    [Fact]
    public async Task Redis_cli_works_over_TLS_and_the_plain_port_still_answers()
    {
        var output = await GatewayFixture.RedisCli("--tls", "--insecure", "-p", gateway.TlsPort.ToString(), "PING");

        Assert.Equal("PONG", output.Trim());
        Assert.Equal("PONG", await gateway.Cli("PING"));
    }
}
