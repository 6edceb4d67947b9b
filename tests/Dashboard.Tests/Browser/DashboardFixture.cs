using Disque.Client;
using Disque.Gateway.Tests.EndToEnd;

namespace Disque.Dashboard.Tests.Browser;

/// <summary>A gateway in this process with its dashboard on a free port; jobs and queues are made over RESP with Disque.Client.</summary>
public class DashboardFixture : GatewayFixture, IAsyncLifetime
{
    private DisqueClient? _client;

    public int DashboardPort { get; } = FreePorts.Next();

    public string Url(string path) => $"http://127.0.0.1:{DashboardPort}{path}";

    protected virtual string Password => "";

    protected override IEnumerable<string> Settings =>
        [$"--Disque:DashboardPort={DashboardPort}", .. Password.Length > 0 ? new[] { $"--Disque:Password={Password}" } : []];

    /// <summary>A RESP client of the gateway (authenticated when it has a password).</summary>
    public DisqueClient Client => _client ??= new DisqueClient(new DisqueClientOptions { Endpoints = [$"127.0.0.1:{Port}"], Password = Password.Length > 0 ? Password : null });

    public static string NewQueue(string prefix = "q") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public new async Task DisposeAsync()
    {
        if (_client is not null)
            await _client.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class PasswordDashboardFixture : DashboardFixture
{
    public const string Secret = "s3cret-dashboard";

    protected override string Password => Secret;
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
