using System.Globalization;
using Xunit.Abstractions;

namespace Disque.Cluster.Tests;

/// <summary>
/// A per-second schedule (WITHTIME: each job's body names its occurrence) on a cluster of
/// real processes; the node its grain runs on is killed with SIGKILL. It keeps firing on
/// another silo, and no occurrence gets two jobs. In durable mode, a schedule outlives a restart
/// of the whole cluster.
/// </summary>
public sealed class ScheduleFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_per_second_schedule_keeps_firing_after_its_silo_is_killed_and_adds_no_occurrence_twice()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        await using var onA = await TestClient.Open(a.RespPort);
        await using var onB = await TestClient.Open(b.RespPort);
        var name = $"every-second-{Guid.NewGuid():N}"[..24];
        Assert.Equal(1L, await onA.Call("SCHEDULE", "SET", name, "* * * * * *", name, "tick", "WITHTIME", "REPLICATE", "2", "RETRY", "2"));
        await Wait.Until(async () => await LastOccurrence(onA, name) is not null, what: "a first firing");
        var beforeKill = (await LastOccurrence(onA, name))!.Value;

        // The node the schedule runs on, gateway or plain silo, is killed; the test goes on through a gateway that lives.
        var home = (string)Replies.Field(await onA.Call("SCHEDULE", "SHOW", name), "node")!;
        var victim = home == (string)(await onA.Call("CLUSTER", "MYID"))! ? a : home == (string)(await onB.Call("CLUSTER", "MYID"))! ? b : cluster.Nodes[2];
        var survivor = victim == a ? onB : onA;
        output.WriteLine($"schedule {name} runs on {victim.Name}");
        victim.Process.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        await Wait.Until(async () => await LastOccurrence(survivor, name) is { } last && last > killedAt.AddSeconds(5), seconds: 40,
            what: "firings five seconds after the kill");
        Assert.NotEqual(home, (string)Replies.Field(await survivor.Call("SCHEDULE", "SHOW", name), "node")!);
        Assert.Equal(1L, await survivor.Call("SCHEDULE", "DEL", name));
        var last = DateTimeOffset.UtcNow;

        // The jobs added before the kill count too (their other copy queues them again): an occurrence fired again would be one of them.
        var jobs = await Drain(survivor, name, j => j.ContainsKey(beforeKill) && Missing(j.Keys).Count <= 2 && j.Keys.Max() >= killedAt.AddSeconds(5));

        output.WriteLine($"{jobs.Count} occurrences, {jobs.Keys.Min():O} to {jobs.Keys.Max():O}, killed at {killedAt:O}; missing: {string.Join(", ", Missing(jobs.Keys))}");
        Assert.All(jobs, j => Assert.True(j.Value.Count == 1, $"occurrence {j.Key:O} added {j.Value.Count} jobs"));
        Assert.True(jobs.Keys.Max() <= last, "no job after DEL");
    }

    [Fact]
    public async Task In_durable_mode_a_schedule_outlives_a_restart_of_the_whole_cluster()
    {
        await using var cluster = await LocalCluster.Start(gateways: 1, silos: 1, _ => ["--Disque:Storage=redis"]);
        var name = $"durable-{Guid.NewGuid():N}"[..20];
        await using (var before = await TestClient.Open(cluster.Nodes[0].RespPort))
        {
            Assert.Equal(1L, await before.Call("SCHEDULE", "SET", name, "* * * * * *", name, "tick", "WITHTIME", "REPLICATE", "1", "RETRY", "2"));
            await Wait.Until(async () => await LastOccurrence(before, name) is not null, what: "a first firing");
        }

        await cluster.RestartAll();
        var restartedAt = DateTimeOffset.UtcNow;

        await using var after = await TestClient.Open(cluster.Gateways.Single().RespPort);
        Assert.Contains(name, ((object?[])(await after.Call("SCHEDULE", "LIST"))!).Cast<string>());
        await Wait.Until(async () => await LastOccurrence(after, name) is { } last && last > restartedAt.AddSeconds(2), seconds: 40,
            what: "firings after the restart");
        Assert.Equal(1L, await after.Call("SCHEDULE", "DEL", name));
        var jobs = await Drain(after, name, j => j.Keys.Max() > restartedAt.AddSeconds(2) && j.Keys.Min() < restartedAt);

        output.WriteLine($"{jobs.Count} occurrences, {jobs.Keys.Min():O} to {jobs.Keys.Max():O}, restarted at {restartedAt:O}; missing: {string.Join(", ", Missing(jobs.Keys))}");
        Assert.All(jobs, j => Assert.True(j.Value.Count == 1, $"occurrence {j.Key:O} added {j.Value.Count} jobs"));
    }

    /// <summary>
    /// Takes every job of the queue, acknowledging each as it comes (a dead silo's come back from another copy after
    /// RETRY), until <paramref name="enough"/> holds: the job ids for each occurrence, read from WITHTIME's stamp.
    /// </summary>
    private static async Task<Dictionary<DateTimeOffset, HashSet<string>>> Drain(TestClient client, string queue,
        Func<Dictionary<DateTimeOffset, HashSet<string>>, bool> enough)
    {
        var jobs = new Dictionary<DateTimeOffset, HashSet<string>>();
        await Wait.Until(async () =>
        {
            foreach (var job in (await client.Call("GETJOB", "NOHANG", "COUNT", "100", "FROM", queue)) as object?[] ?? [])
            {
                var (id, body) = ((string)((object?[])job!)[1]!, (string)((object?[])job!)[2]!);
                var occurrence = DateTimeOffset.Parse(body.Split(' ')[0], CultureInfo.InvariantCulture);
                (jobs.TryGetValue(occurrence, out var ids) ? ids : jobs[occurrence] = []).Add(id);
                await client.Call("ACKJOB", id);
            }
            return jobs.Count > 0 && enough(jobs);
        }, seconds: 30, what: "every occurrence's job");
        return jobs;
    }

    /// <summary>SHOW's last occurrence; null before the first, and while SHOW fails (the schedule's silo died and is not declared dead yet).</summary>
    private static async Task<DateTimeOffset?> LastOccurrence(TestClient client, string name)
    {
        try
        {
            return Replies.Field(await client.Call("SCHEDULE", "SHOW", name), "last-occurrence") is string last
                ? DateTimeOffset.Parse(last, CultureInfo.InvariantCulture)
                : null;
        }
        catch (RespError)
        {
            return null;
        }
    }

    /// <summary>The seconds between the first and the last occurrence that have no job.</summary>
    private static List<DateTimeOffset> Missing(IEnumerable<DateTimeOffset> occurrences)
    {
        var seen = occurrences.ToHashSet();
        var (first, last) = (seen.Min(), seen.Max());
        return [.. Enumerable.Range(0, (int)(last - first).TotalSeconds + 1).Select(s => first.AddSeconds(s)).Where(o => !seen.Contains(o))];
    }
}
