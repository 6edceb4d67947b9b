namespace Disque.Tests.Simulation.Disque;

/// <summary>When the simulated clients produce, and until when the run goes on (consumers drain the queues after the faults end).</summary>
internal sealed record Workload
{
    public int Producers { get; init; } = 2;
    public int Consumers { get; init; } = 3;
    public TimeSpan ProduceUntil { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan FaultsUntil { get; init; } = TimeSpan.FromSeconds(35);
    public TimeSpan End { get; init; } = TimeSpan.FromSeconds(100);
    public string[] Queues { get; init; } = ["q0", "q1"];

    /// <summary>
    /// Ours, beyond Disque: some jobs carry a failure policy and a priority, consumers also say
    /// NACKJOB (with a delay and a reason) and FAILJOB, and consume the dead-letter queues too,
    /// where they sometimes REVIVE what they get. Off, the clients draw exactly what they drew before.
    /// </summary>
    public bool Policies { get; init; }

    /// <summary>The queues consumers take from: the producers' queues, and with <see cref="Policies"/> their dead-letter queues.</summary>
    public string[] Consumed => Policies ? [.. Queues, .. Queues.Select(DeadLetters.DefaultQueue)] : Queues;
}

/// <summary>
/// Disque clients on a node of their own (never faulted): producers add jobs of random terms
/// (RETRY 1-3 s, some at-most-once, REPLICATE 1-3, some DELAY) through random gateways;
/// consumers GETJOB (NOHANG or a TIMEOUT, now and then hanging up before it ends) from random
/// gateways, then acknowledge each job,
/// sometimes after its RETRY, NACK it, or keep it without an answer. Once the faults end they
/// acknowledge at once whatever they get, so every job still due is delivered and acked.
/// </summary>
internal sealed class Clients
{
    private readonly SimNode _node;
    private readonly SimWorld _world;
    private readonly Workload _load;
    private readonly Dictionary<SimAddress, ISimGateway> _gateways = [];

    public Clients(SimNode node, SimWorld world, Workload load)
    {
        _node = node;
        _world = world;
        _load = load;
        for (var i = 0; i < load.Producers; i++)
            node.Watch(Produce(), "a producer");
        for (var i = 0; i < load.Consumers; i++)
            node.Watch(Consume(), "a consumer");
    }

    private Random Random => _node.Random;

    private TimeSpan Now => _world.Sim.Loop.Now;

    private ISimGateway AnyGateway()
    {
        var address = _world.Sim.Nodes[Random.Next(_world.Silos)].Address;
        if (!_gateways.TryGetValue(address, out var gateway))
            _gateways[address] = gateway = _node.Connect<ISimGateway>(address);
        return gateway;
    }

    private async Task Produce()
    {
        while (Now < _load.ProduceUntil)
        {
            var atMostOnce = Random.Next(10) == 0;
            var job = new JobSpec
            {
                Queue = _load.Queues[Random.Next(_load.Queues.Length)],
                Body = [(byte)Random.Next(256)],
                RetrySeconds = atMostOnce ? 0 : 1 + Random.Next(3),
                TtlSeconds = 300,
                DelaySeconds = Random.Next(8) == 0 ? 1 : 0,
                Replicate = atMostOnce ? 1 : 1 + Random.Next(_world.Silos),
                TimeoutMs = 2000,
            };
            if (_load.Policies)
                job = WithPolicy(job);
            await Quietly(AnyGateway().AddJob(job));
            await Task.Delay(TimeSpan.FromMilliseconds(50 + Random.Next(250)), _node.Time);
        }
    }

    /// <summary>A random failure policy and priority (some jobs get none).</summary>
    private JobSpec WithPolicy(JobSpec job) => job with
    {
        MaxDeliveries = Random.Next(2) == 0 ? 1 + Random.Next(3) : 0,
        Backoff = Random.Next(3) == 0 ? new Backoff(1, 1 + Random.Next(3)) : null,
        Priority = Random.Next(3) == 0 ? Random.Next(4) : 0,
    };

    private async Task Consume()
    {
        while (Now < _load.End)
        {
            var noHang = Random.Next(3) == 0;
            var spec = new GetJobSpec
            {
                Queues = Random.Next(2) == 0 ? _load.Consumed : [_load.Consumed[Random.Next(_load.Consumed.Length)]],
                NoHang = noHang,
                TimeoutMs = noHang ? 0 : 200 + Random.Next(2800),
                Count = 1 + Random.Next(3),
            };
            // Now and then a consumer hangs up during its GETJOB (its connection closes): what reaches it then goes back.
            var hangUp = !noHang && Random.Next(5) == 0 ? 1 + Random.Next((int)spec.TimeoutMs) : 0;
            var jobs = await Quietly(AnyGateway().GetJob(spec, hangUp), spec.TimeoutMs) ?? [];
            foreach (var delivery in jobs)
                _node.Watch(Answer(delivery.Job.Id, delivery.Queue), "a consumer's answer");
            if (jobs.Length == 0 && noHang)
                await Task.Delay(TimeSpan.FromMilliseconds(100 + Random.Next(200)), _node.Time);
        }
    }

    /// <summary>Acknowledges the job, now or after a while (at times past its RETRY), NACKs it, or never answers.</summary>
    private async Task Answer(JobId id, string queue)
    {
        var draining = Now >= _load.FaultsUntil;
        var roll = Random.Next(10);
        if (!draining && roll == 0)
            return; // the consumer dies with it: RETRY brings it back
        if (!draining && roll == 1)
        {
            await Quietly(AnyGateway().Nack([id]));
            return;
        }
        if (!draining && _load.Policies && roll == 2)
        {
            await Quietly(Verdict(id, queue));
            return;
        }
        if (!draining)
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Next(2500)), _node.Time);
        // An ACK that fails is sent again, as a client does, until it is answered.
        for (var tries = 0; tries < 10; tries++)
        {
            if (await Quietly(AnyGateway().AckJob([id])) == 1)
                return;
            await Task.Delay(TimeSpan.FromMilliseconds(200), _node.Time);
        }
    }

    /// <summary>Ours: a dead letter is sometimes revived; any other job failed for good, or NACKed with a delay and a reason.</summary>
    private Task<int> Verdict(JobId id, string queue) =>
        Array.IndexOf(_load.Queues, queue) < 0 ? AnyGateway().Revive([id])
        : Random.Next(3) == 0 ? AnyGateway().Verdict([id], new JobVerdict { ForGood = true, Reason = "failed for good" })
        : AnyGateway().Verdict([id], new JobVerdict { DelaySeconds = Random.Next(3), Reason = "later" });

    /// <summary>How long a client waits for an answer beyond what the command itself may take (its socket's read timeout).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>A call whose failure a client shrugs off (a timeout, a silo gone): default then.</summary>
    private async Task<T?> Quietly<T>(Task<T> call, long mayTakeMs = 2000)
    {
        try
        {
            return await call.WaitAsync(Patience + TimeSpan.FromMilliseconds(mayTakeMs), _node.Time);
        }
        catch (Exception error)
        {
            _world.Sim.Loop.Trace($"client: {error.GetType().Name}: {error.Message}");
            return default;
        }
    }
}
