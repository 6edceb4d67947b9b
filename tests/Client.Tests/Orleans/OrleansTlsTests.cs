using Disque.Client.Orleans;
using Disque.Client.Tests.Fixtures;
using Disque.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Client.Tests.Orleans;

/// <summary>A gateway whose Orleans ports take mutual TLS with a certificate the test made.</summary>
public sealed class TlsGatewayFixture : ClientGatewayFixture
{
    public string Certificate { get; } = TestCertificates.Make("disque-cluster");

    protected override IEnumerable<string> ExtraSettings => [$"--Disque:OrleansTls:CertificatePath={Certificate}"];
}

/// <summary>Issue 23: Orleans' gateway port serves only clients that hold the cluster's certificate.</summary>
public sealed class OrleansTlsTests(TlsGatewayFixture gateway) : IClassFixture<TlsGatewayFixture>
{
    [Fact]
    public async Task A_client_with_the_certificate_queues_jobs_over_TLS()
    {
        await using var orleans = await Start(client => client.UseDisqueTls(new OrleansTlsSettings { CertificatePath = gateway.Certificate }));
        var disque = new OrleansDisqueClient(orleans.Services.GetRequiredService<IClusterClient>());
        var queue = Names.NewQueue();

        var id = await disque.AddJobAsync(queue, "over mutual TLS");

        await using var resp = gateway.NewClient();
        var job = Assert.Single(await resp.GetJobsAsync([queue], timeout: TimeSpan.FromSeconds(10)));
        Assert.Equal(id, job.Id);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        var refused = await Record.ExceptionAsync(async () =>
        {
            await using var orleans = await Start(_ => { }, seconds: 15);
            await new OrleansDisqueClient(orleans.Services.GetRequiredService<IClusterClient>()).AddJobAsync(Names.NewQueue(), "no certificate");
        });

        Assert.NotNull(refused);
    }

    [Fact]
    public async Task A_client_with_another_certificate_is_refused()
    {
        var stranger = TestCertificates.Make("stranger");
        var refused = await Record.ExceptionAsync(async () =>
        {
            await using var orleans = await Start(client => client.UseDisqueTls(new OrleansTlsSettings { CertificatePath = stranger }), seconds: 15);
            await new OrleansDisqueClient(orleans.Services.GetRequiredService<IClusterClient>()).AddJobAsync(Names.NewQueue(), "wrong certificate");
        });

        Assert.NotNull(refused);
    }

    [Fact]
    public async Task The_gateway_port_completes_a_TLS_handshake_with_the_certificate_and_ends_one_without()
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(gateway.Certificate, null);
        await using (var holder = await Handshake(certificate))
            Assert.True(holder.IsMutuallyAuthenticated);

        var refused = await Record.ExceptionAsync(async () =>
        {
            await using var stranger = await Handshake(null);
            // TLS 1.3 asks for the client's certificate after the handshake: the refusal comes with the first read.
            var buffer = new byte[1];
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            if (await stranger.ReadAsync(buffer, limit.Token) == 0)
                throw new IOException("closed");
        });

        Assert.True(refused is IOException or System.Security.Authentication.AuthenticationException, $"refused with {refused}");
    }

    /// <summary>A TLS handshake with the silo's Orleans gateway port, presenting <paramref name="certificate"/> (or none).</summary>
    private async Task<System.Net.Security.SslStream> Handshake(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", gateway.OrleansPort);
        var tls = new System.Net.Security.SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = certificate is null ? null : [certificate],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            });
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    /// <summary>An Orleans client of the fixture's silo, started (or failing to start) within a minute.</summary>
    private async Task<AsyncHost> Start(Action<IClientBuilder> configure, int seconds = 60)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(gateway.OrleansPort, "disque", gateway.ClusterId);
            configure(client);
        });
        var host = new AsyncHost(builder.Build());
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            await host.Inner.StartAsync(limit.Token);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private sealed class AsyncHost(IHost inner) : IAsyncDisposable
    {
        public IHost Inner => inner;

        public IServiceProvider Services => inner.Services;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception error) when (error is OperationCanceledException or InvalidOperationException or global::Orleans.Runtime.OrleansException)
            {
            }
            inner.Dispose();
        }
    }
}
