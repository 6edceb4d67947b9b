using System.Diagnostics;
using Xunit.Abstractions;

namespace Disque.Cluster.Tests;

/// <summary>
/// Ours, beyond Disque (issue 21): a job added with AFTER (REPLICATE 2, ONFAIL cancel by default)
/// waits on its owner; when that owner, the gateway it was added through, is killed (SIGKILL),
/// the survivor holding its other copy takes the wait over. Once the parents are acked through the
/// survivor, each child is queued and delivered exactly once, never before its parents' acks, and
/// none is lost. Real processes on loopback.
/// </summary>
[Trait("Category", "Dependencies")]
public sealed class DependencyFailoverTests(ITestOutputHelper output)
{
    private const int Parents = 10, Children = 30;

    [Fact]
    public async Task Children_of_a_killed_owner_are_queued_exactly_once_after_their_parents_acks()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        var (survivor, victim) = (cluster.Nodes[0], cluster.Nodes[1]);
        var parentQueue = "p-" + Guid.NewGuid().ToString("N")[..8];
        var childQueue = "c-" + Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        var random = new Random(21);

        await using var onSurvivor = await TestClient.Open(survivor.Resp);
        var parents = new List<string>();
        for (var i = 0; i < Parents; i++)
            parents.Add((string)(await onSurvivor.Call("ADDJOB", parentQueue, $"parent {i}", 0, "REPLICATE", 2, "RETRY", 5))!);

        var after = new Dictionary<string, string[]>();
        await using (var onVictim = await TestClient.Open(victim.Resp))
        {
            for (var i = 0; i < Children; i++)
            {
                var first = random.Next(Parents);
                var second = (first + 1 + random.Next(Parents - 1)) % Parents;
                string[] mine = [parents[first], parents[second]];
                var id = (string)(await onVictim.Call("ADDJOB", childQueue, $"child {i}", 0, "REPLICATE", 2, "RETRY", 5, "AFTER", string.Join(',', mine)))!;
                after[id] = mine;
            }
            var shown = await onVictim.Call("SHOW", after.Keys.First());
            output.WriteLine($"a child before the kill: state {Replies.Field(shown, "state")}, waits-for {Describe(Replies.Field(shown, "waits-for"))}");
        }
        Assert.Null(await onSurvivor.Call("GETJOB", "NOHANG", "FROM", childQueue));

        victim.Process.Kill(); // the children's home and owner, and one of their two copies
        var killedAt = clock.Elapsed;
        output.WriteLine($"{killedAt.TotalSeconds:F1} s: {victim.Name} killed");

        // The parents, delivered and acked through the survivor (their copies on the victim are gone).
        var parentAcked = new Dictionary<string, TimeSpan>();
        var deliveries = new Dictionary<string, List<TimeSpan>>();
        var unknown = new List<string>();
        await using var consumer = await TestClient.Open(survivor.Resp);

        async Task TakeChildren()
        {
            foreach (var id in Replies.Ids(await consumer.Call("GETJOB", "NOHANG", "COUNT", Children, "FROM", childQueue)))
            {
                if (after.ContainsKey(id))
                    (deliveries.TryGetValue(id, out var times) ? times : deliveries[id] = []).Add(clock.Elapsed);
                else
                    unknown.Add(id);
                await consumer.Call("ACKJOB", id);
            }
        }

        await Wait.Until(async () =>
        {
            await TakeChildren(); // none should come yet: counted if one does
            foreach (var id in Replies.Ids(await onSurvivor.Call("GETJOB", "NOHANG", "COUNT", Parents, "FROM", parentQueue)))
            {
                parentAcked.TryAdd(id, clock.Elapsed);
                await onSurvivor.Call("ACKJOB", id);
            }
            return parentAcked.Count == Parents;
        }, seconds: 40, what: "every parent delivered and acked on the survivor");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every parent acked");

        try
        {
            await Wait.Until(async () =>
            {
                await TakeChildren();
                return deliveries.Count == Children;
            }, seconds: 45, what: "every child delivered on the survivor");
        }
        catch
        {
            foreach (var id in after.Keys.Where(id => !deliveries.ContainsKey(id)).Take(5))
                output.WriteLine($"not delivered: {id}: {Describe(await onSurvivor.Call("SHOW", id))}, WAITJOB: {Describe(await onSurvivor.Call("WAITJOB", id, "TIMEOUT", 100))}");
            foreach (var node in cluster.Nodes.Where(n => n != victim))
                foreach (var line in node.Process.Lines.Where(l => l.Contains("is cancelled", StringComparison.Ordinal)).Take(5))
                    output.WriteLine($"{node.Name}: {line}");
            throw;
        }
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every child delivered");

        // A second delivery would come by now: a blocking GETJOB that must time out with nothing.
        var late = await consumer.Call("GETJOB", "TIMEOUT", 3000, "COUNT", Children, "FROM", childQueue);
        foreach (var id in Replies.Ids(late))
        {
            if (deliveries.TryGetValue(id, out var times))
                times.Add(clock.Elapsed);
            else
                unknown.Add(id);
        }

        var twice = deliveries.Where(d => d.Value.Count > 1).Select(d => d.Key).ToList();
        var early = deliveries.Where(d => d.Value[0] < after[d.Key].Max(p => parentAcked[p])).Select(d => d.Key).ToList();
        output.WriteLine($"{Children} children: {deliveries.Count} delivered, {twice.Count} more than once, {early.Count} before a parent's ack, {unknown.Count} unknown ids; first delivery {(deliveries.Values.Min(t => t[0]) - killedAt).TotalSeconds:F1} s after the kill");
        Assert.Multiple(
            () => Assert.True(twice.Count == 0, $"{twice.Count} children delivered more than once (the first: {twice.FirstOrDefault()})"),
            () => Assert.True(early.Count == 0, $"{early.Count} children delivered before their parents were acked (the first: {early.FirstOrDefault()})"),
            () => Assert.True(unknown.Count == 0, $"{unknown.Count} deliveries of ids no ADDJOB returned"),
            () => Assert.Equal(Children, deliveries.Count));
    }

    private static string Describe(object? reply) => reply is object?[] items ? "[" + string.Join(", ", items.Select(Describe)) + "]" : reply?.ToString() ?? "(nil)";
}
