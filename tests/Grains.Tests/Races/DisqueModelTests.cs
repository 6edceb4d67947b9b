using System.Collections.Concurrent;
using CsCheck;
using Disque.Tests.Grains;
using Microsoft.Extensions.Time.Testing;

namespace Disque.Tests.Races;

/// <summary>A cluster whose job time belongs to the model test alone: its random time steps move no other test's jobs.</summary>
public class ModelClusterFixture : ClusterFixture
{
    public override FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
}

/// <summary>The same on three silos: each client talks to its own silo, so jobs cross silos to reach their consumers.</summary>
public sealed class ThreeSiloModelFixture : ModelClusterFixture
{
    protected override short Silos => 3;
}

/// <summary>The model test on three silos.</summary>
public sealed class ThreeSiloModelTests(ThreeSiloModelFixture fixture) : IClassFixture<ThreeSiloModelFixture>
{
    [Fact]
    public async Task Random_interleavings_across_silos_keep_Disques_rules() => await DisqueModelTests.Sample(fixture, iterations: 25);
}

/// <summary>
/// Random interleavings of Disque's commands (issue 12): three clients at once, each
/// running a random program of ADDJOB (at-least-once or at-most-once, with or without a
/// DELAY), GETJOB (NOHANG, or blocking with a timeout), ACKJOB, FASTACK, DELJOB, NACK,
/// ENQUEUE, DEQUEUE, WORKING and steps of job time, against the grains. What every run
/// must show is checked against a plain model of Disque's rules: no job handed out after
/// an ACKJOB, FASTACK or DELJOB of it returned; no at-most-once job delivered twice; no
/// accepted at-least-once job lost (every one not removed comes out in the end); a job
/// counted once by the ACKJOBs and DELJOBs of it (FASTACK, best effort, may add one);
/// only accepted jobs handed out, with their bodies. CsCheck shrinks a failing program
/// to a small one.
/// </summary>
public sealed class DisqueModelTests(ModelClusterFixture fixture) : IClassFixture<ModelClusterFixture>
{
    private const int RetrySeconds = 5;
    private const int Clients = 3;

    public enum Kind
    {
        Add,
        AddAtMostOnce,
        AddDelayed,
        GetNoHang,
        GetBlocking,
        Ack,
        FastAck,
        DelJob,
        Nack,
        Enqueue,
        Dequeue,
        Working,
        Tick,
    }

    /// <summary>One step of a client's program: for job commands, <see cref="Arg"/> picks one of the jobs added so far.</summary>
    public sealed record Op(Kind Kind, int Arg)
    {
        public override string ToString() => $"{Kind}({Arg})";
    }

    private static readonly Gen<Op> Ops = Gen.Select(
        Gen.Frequency(
            (6, Gen.Const(Kind.Add)), (2, Gen.Const(Kind.AddAtMostOnce)), (1, Gen.Const(Kind.AddDelayed)),
            (4, Gen.Const(Kind.GetNoHang)), (2, Gen.Const(Kind.GetBlocking)),
            (3, Gen.Const(Kind.Ack)), (1, Gen.Const(Kind.FastAck)), (1, Gen.Const(Kind.DelJob)),
            (2, Gen.Const(Kind.Nack)), (1, Gen.Const(Kind.Enqueue)), (1, Gen.Const(Kind.Dequeue)), (1, Gen.Const(Kind.Working)),
            (2, Gen.Const(Kind.Tick))),
        Gen.Int[0, 1000],
        (kind, arg) => new Op(kind, arg));

    private static readonly Gen<Op[][]> Programs = Ops.Array[1, 12].Array[Clients];

    [Fact]
    public async Task Random_interleavings_keep_Disques_rules() => await Sample(fixture, iterations: 60);

    internal static Task Sample(ModelClusterFixture fixture, int iterations) =>
        Programs.SampleAsync(programs => Run(fixture, programs), iter: iterations, threads: 1, print: p => string.Join(" | ", p.Select(ops => string.Join(' ', ops.AsEnumerable()))));

    private static async Task Run(ModelClusterFixture fixture, Op[][] programs)
    {
        var run = new ModelRun(fixture, $"model-{Guid.NewGuid():N}");
        var clients = programs.Select((program, client) => run.Client(program, client % fixture.Cluster.Silos.Count)).ToList();
        // A client blocked in GETJOB waits for a job or for job time to pass: job time moves on a
        // second each time 300 ms go by with a client still running (the same task each time: a new
        // WhenAll is never the one WhenAny returns, which moved time on after every round).
        var done = Task.WhenAll(clients);
        while (!done.IsCompleted)
        {
            if (await Task.WhenAny(done, Task.Delay(300)) != done)
                fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        await done;
        await run.Drain();
        run.Check();
    }

    /// <summary>One run of three programs: what each command was sent and what it answered, in the order they happened.</summary>
    private sealed class ModelRun(ModelClusterFixture fixture, string queue)
    {
        private long _sequence;
        private readonly ConcurrentQueue<Event> _events = new();
        private readonly ConcurrentDictionary<JobId, (bool AtMostOnce, byte[] Body, long AddStarted)> _accepted = new();
        private readonly List<JobId> _known = [];

        private sealed record Event(Kind Kind, long Started, long Ended, JobId Job, long Count, JobId[] Delivered);

        private Node.DisqueNode Node => fixture.Node();

        /// <summary>The silo each client's commands go to.</summary>
        private readonly AsyncLocal<int> _silo = new();

        private Node.DisqueNode Mine => fixture.Node(_silo.Value);

        private long Now() => Interlocked.Increment(ref _sequence);

        private JobId Pick(int arg)
        {
            lock (_known)
                return _known.Count == 0 ? default : _known[arg % _known.Count];
        }

        public async Task Client(Op[] program, int silo)
        {
            _silo.Value = silo;
            foreach (var op in program)
                await Do(op);
        }

        private async Task Do(Op op)
        {
            var started = Now();
            var job = op.Kind is Kind.Add or Kind.AddAtMostOnce or Kind.AddDelayed or Kind.GetNoHang or Kind.GetBlocking or Kind.Tick ? default : Pick(op.Arg);
            long count = 0;
            JobId[] delivered = [];
            switch (op.Kind)
            {
                case Kind.Add or Kind.AddAtMostOnce or Kind.AddDelayed:
                    var body = BitConverter.GetBytes(started);
                    var atMostOnce = op.Kind == Kind.AddAtMostOnce;
                    var added = await Mine.AddJob(new JobSpec
                    {
                        Queue = queue,
                        Body = body,
                        RetrySeconds = atMostOnce ? 0 : RetrySeconds,
                        Replicate = atMostOnce ? 1 : 1 + op.Arg % fixture.Cluster.Silos.Count,
                        DelaySeconds = op.Kind == Kind.AddDelayed ? 3 : 0,
                        TtlSeconds = 3600,
                    });
                    Assert.Null(added.Error);
                    job = added.Value;
                    _accepted[job] = (atMostOnce, body, started);
                    lock (_known)
                        _known.Add(job);
                    break;
                case Kind.GetNoHang or Kind.GetBlocking:
                    var got = await Mine.GetJobs(new GetJobSpec
                    {
                        Queues = [queue],
                        NoHang = op.Kind == Kind.GetNoHang,
                        TimeoutMs = 2000,
                        Count = 1 + op.Arg % 3,
                    });
                    delivered = [.. (got.Value ?? []).Select(d => Delivered(d))];
                    break;
                case Kind.Tick:
                    fixture.Clock.Advance(TimeSpan.FromSeconds(1 + op.Arg % 7));
                    break;
                default:
                    if (job.IsEmpty)
                        return;
                    count = op.Kind switch
                    {
                        Kind.Ack => await Mine.Ack([job]),
                        Kind.FastAck => await Mine.FastAck([job]),
                        Kind.DelJob => await Mine.Delete([job]),
                        Kind.Nack => await Mine.Requeue([job], nack: true),
                        Kind.Enqueue => await Mine.Requeue([job], nack: false),
                        Kind.Dequeue => await Mine.Dequeue([job]),
                        _ => (await Mine.Working(job)).Error is null ? 1 : 0,
                    };
                    break;
            }
            _events.Enqueue(new Event(op.Kind, started, Now(), job, count, delivered));
        }

        private JobId Delivered(Delivery delivery)
        {
            Assert.Equal(queue, delivery.Queue);
            // Its ADDJOB may not have answered yet: the body is checked now if it did, the id at the end in any case.
            if (_accepted.TryGetValue(delivery.Job.Id, out var job))
                Assert.Equal(job.Body, delivery.Job.Body);
            return delivery.Job.Id;
        }

        /// <summary>Every client done: job time moves past every RETRY and DELAY, and whatever is still there comes out and is acked.</summary>
        public async Task Drain()
        {
            for (var round = 0; round < 3; round++)
            {
                fixture.Clock.Advance(TimeSpan.FromSeconds(RetrySeconds + 4));
                // The store sees the new time at its next tick (100 ms): wait until no job is due and still active.
                await Wait.Until(async () =>
                {
                    foreach (var id in _accepted.Keys)
                        if (await Node.Show(id) is { State: JobState.Active, NextRequeueWithinMs: 0, RetrySeconds: > 0 })
                            return false;
                    return true;
                }, 20, "every due job to be queued again");
                while ((await Node.GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 100 })).Value is { Length: > 0 } jobs)
                {
                    var started = Now();
                    var ids = jobs.Select(Delivered).ToArray();
                    _events.Enqueue(new Event(Kind.GetNoHang, started, Now(), default, 0, ids));
                    // Acked to clean up, not recorded: the checks are about the programs' own removals.
                    await Node.Ack(ids);
                }
            }
        }

        public void Check()
        {
            var events = _events.ToList();
            var removals = events.Where(e => e.Kind is Kind.Ack or Kind.FastAck or Kind.DelJob).ToList();
            var deliveries = events.Where(e => e.Delivered.Length > 0).SelectMany(e => e.Delivered.Select(id => (Id: id, e.Started, e.Ended))).ToList();
            foreach (var (id, job) in _accepted)
            {
                var removedAt = removals.Where(r => r.Job == id).Select(r => (long?)r.Ended).Min();
                var handedOut = deliveries.Where(d => d.Id == id).ToList();
                // No job handed out by a GETJOB that began after a removal of it had returned.
                Assert.DoesNotContain(handedOut, d => removedAt is { } at && d.Started > at);
                // Only what ADDJOB had begun to add.
                Assert.All(handedOut, d => Assert.True(d.Ended > job.AddStarted, $"{id} handed out before it was added"));
                if (job.AtMostOnce)
                    Assert.True(handedOut.Count <= 1, $"at-most-once {id} delivered {handedOut.Count} times: {History(events, id)}");
                else if (removedAt is null)
                    Assert.True(handedOut.Count > 0, $"at-least-once {id} was accepted, never removed, and never delivered: {History(events, id)}");
                // ACKJOB and DELJOB count a job once between them. FASTACK is best effort: it tells the
                // other copies without waiting, so an ACKJOB after it may still find one and count it again.
                var counted = removals.Where(r => r.Job == id && r.Kind != Kind.FastAck).Sum(r => r.Count);
                var fast = removals.Where(r => r.Job == id && r.Kind == Kind.FastAck).Sum(r => r.Count);
                var expected = removedAt is null ? 0 : 1;
                Assert.True(fast <= 1 && (fast == 0 ? counted == expected : counted + fast <= 2 && counted + fast >= 1),
                    $"{id} counted {counted} times by ACKJOB and DELJOB and {fast} by FASTACK: {History(events, id)}");
                // Removed means gone for every command that came after; only a copy a FASTACK has not
                // reached yet may still be counted by an ACKJOB or DELJOB (the count rule above).
                var firmlyRemovedAt = removals.Where(r => r.Job == id && r.Kind != Kind.FastAck).Select(r => (long?)r.Ended).Min();
                Assert.DoesNotContain(events, e => e.Job == id && e.Count > 0 && removedAt is { } at && e.Started > at
                    && e.Kind is Kind.Nack or Kind.Enqueue or Kind.Dequeue or Kind.Working);
                Assert.DoesNotContain(events, e => e.Job == id && e.Count > 0 && firmlyRemovedAt is { } at && e.Started > at
                    && e.Kind is Kind.Ack or Kind.FastAck or Kind.DelJob);
            }
            Assert.All(deliveries, d => Assert.True(_accepted.ContainsKey(d.Id), $"{d.Id} was never accepted"));
        }

        /// <summary>What happened to one job, in order, for a failure's message.</summary>
        private static string History(List<Event> events, JobId id) => string.Join(", ", events
            .Where(e => e.Job == id || e.Delivered.Contains(id))
            .OrderBy(e => e.Started)
            .Select(e => $"{e.Kind}[{e.Started}-{e.Ended}]{(e.Delivered.Length > 0 ? $" got {e.Delivered.Count(d => d == id)} of {e.Delivered.Length}" : "=" + e.Count)}"));
    }
}
