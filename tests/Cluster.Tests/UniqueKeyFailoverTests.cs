using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Disque.Cluster.Tests;

/// <summary>
/// Ours, beyond Disque (issue 21): a unique key is held by at most one live job while a gateway is
/// killed (SIGKILL) under producers that keep adding the same keys through both gateways. Answers
/// are timed from the producers' side with one clock: an id is surely alive from its first answer
/// until its ACKJOB is sent, and an ADDJOB was decided between its send and its answer. No ADDJOB
/// decided surely inside that window may answer another id. Nothing answered is lost: consumers on
/// the survivor deliver and ack every id a producer was given. Real processes on loopback.
/// </summary>
[Trait("Category", "Unique")]
public sealed class UniqueKeyFailoverTests(ITestOutputHelper output)
{
    private const int Keys = 12, BeforeKill = 150, AfterKill = 150;

    private sealed record Answer(string Key, string Id, TimeSpan Sent, TimeSpan Answered, string Via);

    [Fact]
    public async Task No_unique_key_is_held_by_two_live_jobs_when_a_gateway_is_killed_and_nothing_is_lost()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        var (survivor, victim) = (cluster.Nodes[0], cluster.Nodes[1]);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        var prefix = "k-" + Guid.NewGuid().ToString("N")[..6] + "-";
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<Answer>();
        var ackSent = new ConcurrentDictionary<string, TimeSpan>();
        var acked = new ConcurrentDictionary<string, bool>();
        var deliveries = new ConcurrentDictionary<string, int>();
        var killed = false;
        var killedAt = TimeSpan.Zero;
        using var stopProducing = new CancellationTokenSource();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        async Task Produce(LocalCluster.Node node, int seed)
        {
            var random = new Random(seed);
            try
            {
                await using var producer = await TestClient.Open(node.Resp);
                while (!stopProducing.IsCancellationRequested)
                {
                    var key = prefix + random.Next(Keys);
                    // A key whose grain or holder was on the killed gateway is refused until membership says so: tried again, bounded, as a client would.
                    for (var attempt = 1; ; attempt++)
                    {
                        var sent = clock.Elapsed;
                        try
                        {
                            var id = (string)(await producer.Call("ADDJOB", queue, key, 0, "REPLICATE", 2, "RETRY", 5, "UNIQUE", key))!;
                            answers.Enqueue(new Answer(key, id, sent, clock.Elapsed, node.Name));
                            break;
                        }
                        catch (RespError error) when (attempt < 100 && !stop.IsCancellationRequested)
                        {
                            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: ADDJOB {key} on {node.Name} refused ({error.Message}); again");
                            await Task.Delay(100, stop.Token);
                        }
                    }
                }
            }
            catch (Exception error) when (node == victim && Volatile.Read(ref killed))
            {
                output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: a producer on {node.Name} stops ({error.GetType().Name})");
            }
        }

        bool Done() => stop.IsCancellationRequested || stopProducing.IsCancellationRequested && answers.All(a => acked.ContainsKey(a.Id));

        async Task Consume()
        {
            while (!Done())
            {
                try
                {
                    await using var consumer = await TestClient.Open(survivor.Resp);
                    while (!Done())
                    {
                        foreach (var id in Replies.Ids(await consumer.Call("GETJOB", "TIMEOUT", 300, "FROM", queue)))
                        {
                            deliveries.AddOrUpdate(id, 1, (_, n) => n + 1);
                            await Task.Delay(30, stop.Token); // the work: meanwhile the key stays taken
                            ackSent.TryAdd(id, clock.Elapsed);
                            await consumer.Call("ACKJOB", id);
                            acked[id] = true;
                        }
                    }
                }
                catch (Exception error) when (!stop.IsCancellationRequested)
                {
                    output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: a consumer failed ({error.GetType().Name}: {error.Message}); again");
                    await Task.Delay(200, stop.Token);
                }
            }
        }

        var consumers = Enumerable.Range(0, 3).Select(_ => Consume()).ToList();
        var producers = new[] { survivor, survivor, victim, victim }.Select((node, i) => Produce(node, i)).ToList();
        // Keys released by ACKs and taken again through both gateways before the kill.
        await Wait.Until(() => answers.Count >= BeforeKill && acked.Count >= 2 * Keys, seconds: 30, what: $"{BeforeKill} ADDJOBs answered and {2 * Keys} jobs acked before the kill");
        victim.Process.Kill();
        killedAt = clock.Elapsed;
        Volatile.Write(ref killed, true);
        var answeredAtKill = answers.Count;
        output.WriteLine($"{killedAt.TotalSeconds:F1} s: {victim.Name} killed after {answeredAtKill} answers, {acked.Count} jobs acked");
        await Wait.Until(() => answers.Count(a => a.Sent > killedAt) >= AfterKill, seconds: 40, what: $"{AfterKill} ADDJOBs on the survivor answered after the kill");
        await stopProducing.CancelAsync();
        await Task.WhenAll(producers);
        try
        {
            await Wait.Until(() => answers.All(a => acked.ContainsKey(a.Id)), seconds: 40, what: "every id a producer was answered delivered and acked on the survivor");
        }
        catch
        {
            await using var look = await TestClient.Open(survivor.Resp);
            foreach (var id in answers.Select(a => a.Id).Distinct().Where(id => !acked.ContainsKey(id)).Take(5))
                output.WriteLine($"not acked: {id}: {Describe(await look.Call("SHOW", id))}");
            throw;
        }
        await stop.CancelAsync();
        await Task.WhenAll(consumers.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));

        // Two live holders: an ADDJOB decided (sent and answered) inside another id's sure life answered a different id.
        var all = answers.ToList();
        var firstAnswer = all.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.Min(a => a.Answered));
        var clashes = new List<string>();
        foreach (var byKey in all.GroupBy(a => a.Key))
        {
            foreach (var holder in byKey.Select(a => a.Id).Distinct())
            {
                var (from, to) = (firstAnswer[holder], ackSent[holder]);
                clashes.AddRange(byKey.Where(a => a.Id != holder && a.Sent > from && a.Answered < to)
                    .Select(a => $"{byKey.Key}: {a.Id} answered via {a.Via} at {a.Sent.TotalSeconds:F2}-{a.Answered.TotalSeconds:F2} s while {holder} lived ({from.TotalSeconds:F2}-{to.TotalSeconds:F2} s)"));
            }
        }
        var distinct = all.Select(a => a.Id).Distinct().Count();
        var twice = deliveries.Count(d => d.Value > 1);
        output.WriteLine($"{all.Count} answers ({all.Count(a => a.Via == victim.Name)} via the victim), {distinct} distinct jobs over {Keys} keys, {deliveries.Count} delivered ({twice} more than once), {clashes.Count} clashes");
        foreach (var clash in clashes.Take(10))
            output.WriteLine(clash);
        Assert.True(clashes.Count == 0, $"{clashes.Count} ADDJOBs answered a second live job for a key; the first: {clashes.FirstOrDefault()}");
        Assert.True(all.Count(a => a.Via == victim.Name) > 0, "no ADDJOB was answered through the victim before the kill");
        Assert.True(distinct > Keys, $"only {distinct} jobs for {Keys} keys: the keys were never released by an ACK");
    }

    private static string Describe(object? reply) => reply is object?[] items ? "[" + string.Join(", ", items.Select(Describe)) + "]" : reply?.ToString() ?? "(nil)";
}
