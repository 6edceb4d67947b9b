using System.Net;
using System.Text.RegularExpressions;
using Disque.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

public sealed class MetricsGatewayFixture : GatewayFixture
{
    public int MetricsPort { get; } = FreePorts.Next();

    protected override IEnumerable<string> Settings => [$"--Disque:MetricsPort={MetricsPort}", "--Disque:Dashboard=true"];
}

/// <summary>Meters are process-wide: these tests run alone, when no other test gateway lives in the process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection : ICollectionFixture<MetricsGatewayFixture>
{
    public const string Name = "metrics";
}

/// <summary>/metrics in Prometheus text, its counters moving with the jobs; the dashboard served.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(MetricsGatewayFixture gateway)
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{gateway.MetricsPort}") };

    [Fact]
    public async Task Metrics_count_jobs_and_commands()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var before = Value(await Scrape(), "disque_jobs_added_total");

        var ids = new[] { await db.AddJob(queue, "a"), await db.AddJob(queue, "b"), await db.AddJob(queue, "c") };
        await db.GetJobs("COUNT", 3, "FROM", queue);
        await db.Run("ACKJOB", [.. ids]);

        var text = await Scrape();
        Assert.Equal(before + 3, Value(text, "disque_jobs_added_total"));
        Assert.True(Value(text, "disque_jobs_delivered_total") >= 3);
        Assert.True(Value(text, "disque_jobs_acked_total") >= 3);
        Assert.Matches("disque_command_duration_seconds_bucket\\{[^}]*command=\"ADDJOB\",le=\"0.001\"", text);
        Assert.Contains("# TYPE disque_jobs_added_total counter", text);
    }

    [Fact]
    public async Task The_start_up_warm_up_ran_and_left_no_trace()
    {
        var warmUp = gateway.Services.GetServices<IHostedService>().OfType<CommandPathWarmUp>().Single();
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();

        Assert.True(warmUp.RepliedBytes > 0, "the warm-up did not run");
        // None of its commands is counted where a client can see it: not in /metrics (these tests send none of them) ...
        var metrics = await Scrape();
        foreach (var command in new[] { "HELLO", "QLEN", "QSTAT", "QPEEK", "SHOW", "DELJOB", "JSCAN", "QSCAN" })
            Assert.DoesNotContain($"command=\"{command}\"", metrics);
        // ... nor in INFO (its rounds alone would be this many) ...
        var info = (string)(await db.Run("INFO", "stats"))!;
        var processed = long.Parse(Regex.Match(info, "total_commands_processed:([0-9]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(processed < CommandPathWarmUp.Rounds * CommandPathWarmUp.Commands("x").Length, $"INFO counts {processed} commands");
        // ... and the queue it asked about never came into existence.
        Assert.True((await db.Run("QSTAT", CommandPathWarmUp.Queue)).IsNull);
        var scanned = (RedisResult[])(await db.Run("QSCAN", "COUNT", 1000))!;
        Assert.DoesNotContain(CommandPathWarmUp.Queue, DisqueCalls.Strings(scanned[1]));
    }

    [Fact]
    public async Task The_Orleans_dashboard_is_served_when_enabled()
    {
        var response = await _http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> Scrape()
    {
        var response = await _http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static long Value(string text, string metric)
    {
        var match = Regex.Match(text, $"^{metric}(?:\\{{[^}}]*\\}})? ([0-9.e+]+)", RegexOptions.Multiline);
        return match.Success ? (long)double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
