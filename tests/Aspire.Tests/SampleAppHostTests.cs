using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Disque.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Disque.Aspire.Tests;

/// <summary>
/// The sample app host (samples/AppHost) under Aspire's orchestrator, from its NuGet package, no
/// container engine: redis-server, two gateways and a silo as executables, the worker and the
/// producer as projects. The orchestrator stops them with the test, and kills them if the test
/// host dies (it watches the test host's pid).
/// </summary>
public sealed class SampleAppHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_cluster_comes_up_healthy_and_the_producers_jobs_reach_the_worker()
    {
        using var patience = new CancellationTokenSource(Patience);
        // With Aspire's dashboard, whose telemetry API the test reads.
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([], (options, _) => options.DisableDashboard = false, patience.Token);
        await using var app = await appHost.BuildAsync(patience.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await app.StartAsync(patience.Token);

        // WaitFor held the worker and the producer until every node's /ready said 200.
        foreach (var node in new[] { "jobs-gateway1", "jobs-gateway2", "jobs-silo1" })
            await notifications.WaitForResourceHealthyAsync(node, patience.Token);
        await notifications.WaitForResourceAsync("producer", KnownResourceStates.Finished, patience.Token);
        var producer = await notifications.WaitForResourceAsync("producer", e => e.Snapshot.ExitCode is not null, patience.Token);
        Assert.Equal(0, producer.Snapshot.ExitCode);

        // Each gateway's RESP endpoint, as the references' connection string names them.
        var options = new DisqueClientOptions();
        foreach (var gateway in new[] { "jobs-gateway1", "jobs-gateway2" })
            options.Endpoints.Add(app.GetEndpoint(gateway, "resp").Authority);
        await using var client = new DisqueClient(options);
        await Wait.Until(async () => await client.QStatAsync("tasks", patience.Token) is { JobsIn: 20, JobsOut: 20, Length: 0 },
            seconds: (int)Patience.TotalSeconds, what: "the worker took the producer's 20 jobs");

        // Aspire's dashboard holds both ends of each job's trace: the producer's send, the worker's process.
        using var dashboard = new HttpClient { BaseAddress = app.GetEndpoint("aspire-dashboard", "http") };
        await Wait.Until(async () =>
        {
            var sent = await DashboardTraces.Spans(dashboard, "producer", "send tasks", patience.Token);
            var processed = await DashboardTraces.Spans(dashboard, "worker", "process tasks", patience.Token);
            return sent.Count == 20 && sent.All(processed.Contains);
        }, seconds: 60, what: "Aspire's dashboard shows each of the 20 jobs' traces from the producer's send to the worker's process");
    }
}
