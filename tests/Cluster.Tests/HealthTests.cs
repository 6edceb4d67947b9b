using System.Diagnostics;
using System.Net;

namespace Disque.Cluster.Tests;

/// <summary>
/// The health endpoints over HTTP against real processes: /alive while the process runs its
/// silo, /ready only while it can take jobs. A dependency that hangs (a redis-server frozen
/// with SIGSTOP: its connections stay open and silent) makes /ready answer 503 within a
/// bound, never hang.
/// </summary>
public sealed class HealthTests
{
    /// <summary>The checks' own bound is 2 s (HealthBounds.Answer); the rest is room for a busy machine.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_silo_that_has_not_joined_is_live_but_not_ready_until_it_joins()
    {
        var health = FreePorts.Next();
        LocalCluster? started = null;
        // The silo waits for its membership Redis (frozen) instead of giving up after 5 s.
        await using var cluster = started = await LocalCluster.Start(gateways: 0, silos: 0, name =>
            [$"--Disque:HealthPort={health}", $"--Disque:RedisConnection=127.0.0.1:{started!.RedisPort},connectTimeout=120000,syncTimeout=120000,asyncTimeout=120000"]);
        await cluster.Redis.Pause();
        cluster.Add("silo0", gateway: false);

        await Wait.Until(async () => (await Get(health, "/alive")).Status == 200, seconds: 60, what: "/alive answers 200 while the silo waits to join");
        var ready = await Get(health, "/ready");
        Assert.Equal(503, ready.Status);
        Assert.Contains("not an active member", ready.Body);
        Assert.True(ready.Took < AnswerWithin, $"/ready took {ready.Took}");

        await cluster.Redis.Resume();
        await Wait.Until(async () => (await Get(health, "/ready")).Status == 200, seconds: 60, what: "/ready answers 200 once the silo joined");
    }

    [Fact]
    public async Task A_silo_out_of_memory_is_not_ready_and_is_ready_again_once_it_has_room()
    {
        var health = FreePorts.Next();
        await using var cluster = await LocalCluster.Start(gateways: 1, silos: 0, _ => [$"--Disque:HealthPort={health}"]);
        await using var client = await TestClient.Open(cluster.Nodes[0].RespPort);
        await Wait.Until(async () => (await Get(health, "/ready")).Status == 200, seconds: 30, what: "the gateway is ready");

        Assert.Equal("OK", await client.Call("CONFIG", "SET", "maxmemory", "1mb"));
        await Wait.Until(async () => await Get(health, "/ready") is { Status: 503 } r && r.Body.Contains("out of memory"), what: "/ready says out of memory");
        Assert.Equal(200, (await Get(health, "/alive")).Status);

        Assert.Equal("OK", await client.Call("CONFIG", "SET", "maxmemory", "1gb"));
        await Wait.Until(async () => (await Get(health, "/ready")).Status == 200, what: "/ready answers 200 again");
    }

    [Fact]
    public async Task A_gateway_whose_membership_redis_hangs_stops_being_ready_within_the_bound_and_is_ready_again_when_it_answers()
    {
        var health = FreePorts.Next();
        // Durable mode: the journal lives in the same Redis, so its check fails too.
        await using var cluster = await LocalCluster.Start(gateways: 1, silos: 0, _ => [$"--Disque:HealthPort={health}", "--Disque:Storage=redis"]);
        await Wait.Until(async () => (await Get(health, "/ready")).Status == 200, seconds: 30, what: "the gateway is ready");

        await cluster.Redis.Pause();
        var frozen = Stopwatch.StartNew();
        var ready = await Get(health, "/ready");
        Assert.Equal(503, ready.Status);
        Assert.True(frozen.Elapsed < AnswerWithin, $"not ready only after {frozen.Elapsed}");
        Assert.Contains("the membership table does not answer", ready.Body);
        Assert.Contains("the job journal does not answer", ready.Body);
        // Asked again while Redis still hangs, it answers as fast: the unanswered question is shared, not repeated.
        ready = await Get(health, "/ready");
        Assert.Equal(503, ready.Status);
        Assert.True(ready.Took < AnswerWithin, $"/ready took {ready.Took}");
        Assert.Equal(200, (await Get(health, "/alive")).Status);

        await cluster.Redis.Resume();
        await Wait.Until(async () => (await Get(health, "/ready")).Status == 200, seconds: 30, what: "/ready answers 200 once Redis answers again");
    }

    /// <summary>The status (0 when nothing listens yet), the body and how long the answer took.</summary>
    private static async Task<(int Status, string Body, TimeSpan Took)> Get(int port, string path)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://{IPAddress.Loopback}:{port}{path}"));
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), clock.Elapsed);
        }
        catch (HttpRequestException)
        {
            return (0, "", clock.Elapsed);
        }
    }
}
