using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Disque.Cluster.Tests;

/// <summary>
/// Ours, beyond Disque (issue 21): a group's concurrency limit holds cluster-wide while a silo is
/// killed (SIGKILL), counted from the consumers' side with one clock: a job is the consumer's from
/// the moment its GETJOB answered until it sends its ACKJOB (or its connection dies). Nothing a
/// producer was answered an id for is lost. Real processes on loopback, as the other cluster tests.
/// </summary>
[Trait("Category", "Groups")]
public sealed class GroupLimitTests(ITestOutputHelper output)
{
    private const int Groups = 8, JobsPerGroup = 30, Limit = 2;

    private sealed record Held(string Group, string Id, TimeSpan From, TimeSpan To);

    [Fact]
    public async Task A_group_never_exceeds_its_limit_when_a_silo_is_killed_and_nothing_is_lost()
    {
        await using var cluster = await LocalCluster.Start(gateways: 3, silos: 0);
        var (g1, g2, victim) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        var held = new ConcurrentBag<Held>();
        var acked = new ConcurrentDictionary<string, bool>();
        var added = new ConcurrentDictionary<string, bool>();
        // ACKJOBs sent to the victim's consumers: one it ran but could not answer before it died is acked all the same.
        var ackedOnVictim = new ConcurrentDictionary<string, bool>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        async Task Produce(int from, int to)
        {
            await using var producer = await TestClient.Open(g1.Resp);
            for (var n = from; n < to; n++)
            {
                var group = "g" + (n % Groups);
                // A group whose home was just killed refuses until membership says so: tried again, bounded.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        added[(string)(await producer.Call("ADDJOB", queue, $"{group}:{n}", 0, "REPLICATE", 2, "RETRY", 5, "GROUP", group, "GROUPLIMIT", Limit))!] = true;
                        break;
                    }
                    catch (RespError error) when (attempt < 100 && !stop.IsCancellationRequested)
                    {
                        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: ADDJOB {group}:{n} refused ({error.Message}); again");
                        await Task.Delay(100, stop.Token);
                    }
                }
            }
        }

        bool Done() => stop.IsCancellationRequested || acked.Count >= added.Count && added.Count == Groups * JobsPerGroup;

        async Task Consume(LocalCluster.Node node)
        {
            while (!Done())
            {
                try
                {
                    await using var consumer = await TestClient.Open(node.Resp);
                    while (!Done())
                    {
                        var reply = await consumer.Call("GETJOB", "TIMEOUT", 300, "FROM", queue);
                        var from = clock.Elapsed;
                        foreach (var job in reply as object?[] ?? [])
                        {
                            var (id, body) = ((string)((object?[])job!)[1]!, (string)((object?[])job!)[2]!);
                            await Task.Delay(20, stop.Token); // the work
                            held.Add(new Held(body.Split(':')[0], id, from, clock.Elapsed));
                            if (node == victim)
                                ackedOnVictim[id] = true;
                            await consumer.Call("ACKJOB", id);
                            acked[id] = true;
                        }
                    }
                }
                catch (Exception error) when (!stop.IsCancellationRequested)
                {
                    output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: a consumer on {node.Name} failed ({error.GetType().Name}: {error.Message}){(node == victim ? " and stops" : "; again")}");
                    if (node == victim)
                        return;
                    await Task.Delay(200, stop.Token);
                }
            }
        }

        var consumers = new[] { g1, g1, g2, g2, victim, victim }.Select(n => Consume(n)).ToList();
        await Produce(0, Groups * JobsPerGroup / 2);
        await Wait.Until(() => acked.Count >= Groups * JobsPerGroup / 6, seconds: 60, what: "a sixth of the jobs acked before the kill");
        victim.Process.Kill();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {victim.Name} killed with {acked.Count} of {added.Count} jobs acked");
        await Produce(Groups * JobsPerGroup / 2, Groups * JobsPerGroup);
        await using var look = await TestClient.Open(g1.Resp);
        // Acked: its ACKJOB answered, or (the victim died before it answered) no living silo knows the job any more.
        async Task<bool> Acked(string id) => acked.ContainsKey(id) || ackedOnVictim.ContainsKey(id) && await look.Call("SHOW", id) is null;
        try
        {
            await Wait.Until(async () =>
            {
                foreach (var id in added.Keys)
                    if (!await Acked(id))
                        return false;
                return true;
            }, seconds: 90, what: "every job a producer was answered for acked");
        }
        catch
        {
            output.WriteLine($"{acked.Count} of {added.Count} acked; QSTAT: {Describe(await look.Call("QSTAT", queue))}");
            foreach (var id in added.Keys.Where(id => !acked.ContainsKey(id)).Take(5))
                output.WriteLine($"not acked: {id}: {Describe(await look.Call("SHOW", id))}");
            throw;
        }
        await stop.CancelAsync();
        await Task.WhenAll(consumers.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));

        var worst = held.GroupBy(h => h.Group).Select(g => (Group: g.Key, Most: MostAtOnce(g))).OrderByDescending(g => g.Most).First();
        var unknown = acked.Keys.Count(id => !added.ContainsKey(id));
        output.WriteLine($"{added.Count} jobs added, {held.Count} deliveries acked, {unknown} acked ids no producer was answered; at most {worst.Most} of group {worst.Group} at once (limit {Limit})");
        Assert.True(worst.Most <= Limit, $"group {worst.Group} had {worst.Most} jobs held by consumers at once, over its limit of {Limit}");
        Assert.Equal(Groups * JobsPerGroup, added.Count);
    }

    private static string Describe(object? reply) => reply is object?[] items ? "[" + string.Join(", ", items.Select(Describe)) + "]" : reply?.ToString() ?? "(nil)";

    /// <summary>The most intervals of one group open at once (an end before a start at the same instant).</summary>
    private static int MostAtOnce(IEnumerable<Held> held)
    {
        var events = held.SelectMany(h => new[] { (At: h.From, Step: 1), (At: h.To, Step: -1) }).OrderBy(e => e.At).ThenBy(e => e.Step);
        int open = 0, most = 0;
        foreach (var (_, step) in events)
            most = Math.Max(most, open += step);
        return most;
    }
}
