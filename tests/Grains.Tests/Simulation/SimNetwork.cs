using System.Reflection;

namespace Disque.Tests.Simulation;

/// <summary>
/// The simulated network between node incarnations. Guarantees:
/// - a call is a request message, delivered after a delay drawn from the seed and run as a work
///   item of the callee incarnation; its result (or exception) is a reply message, completed as a
///   work item of the caller incarnation. Each message has its own delay, so messages reorder;
/// - a message may be dropped (<see cref="SimNetworkOptions.DropRate"/>), a request delivered twice
///   (<see cref="SimNetworkOptions.DuplicateRate"/>: the method runs twice, the first reply wins),
///   and a message between a cut pair of nodes (<see cref="Partition"/>, checked when sent and when
///   it arrives) is lost; so is one for an incarnation that has crashed or been replaced;
/// - a call with no reply within <see cref="SimNetworkOptions.CallTimeout"/> of virtual time fails
///   with <see cref="TimeoutException"/>, as an Orleans call does after its response timeout;
/// - a one-way method (<c>[OneWay]</c>) completes at once for its caller and gets no reply.
/// Arguments and results travel by reference, not copied: callees must not mutate them, as with
/// Orleans' <c>[Immutable]</c>. A duplicated request hands the same argument objects to both runs.
/// </summary>
public sealed class SimNetwork(SimLoop loop, Func<SimAddress, SimNode?> live, SimNetworkOptions options)
{
    private readonly HashSet<(int From, int To)> _cuts = [];

    /// <summary>Set them in a run's setup, before the first event.</summary>
    public SimNetworkOptions Options { get; set; } = options;
    public long Sent { get; private set; }
    public long Dropped { get; private set; }
    public long Duplicated { get; private set; }

    /// <summary><paramref name="to"/>'s <typeparamref name="T"/> as seen from <paramref name="from"/>: every call goes over this network.</summary>
    public T Connect<T>(SimAddress from, SimAddress to) where T : class
    {
        foreach (var method in typeof(T).GetMethods().Concat(typeof(T).GetInterfaces().SelectMany(i => i.GetMethods())))
            SimCallShape.For(method);
        var proxy = DispatchProxy.Create<T, SimProxy>();
        ((SimProxy)(object)proxy).Bind(this, from, to);
        return proxy;
    }

    /// <summary>Cuts the link from node <paramref name="a"/> to <paramref name="b"/> (and back, unless <paramref name="oneWay"/>), whatever their generations.</summary>
    public void Partition(int a, int b, bool oneWay = false)
    {
        _cuts.Add((a, b));
        if (!oneWay)
            _cuts.Add((b, a));
        loop.Trace($"partition {a}->{b}{(oneWay ? "" : " both ways")}");
    }

    public void Heal(int a, int b)
    {
        _cuts.Remove((a, b));
        _cuts.Remove((b, a));
        loop.Trace($"heal {a}-{b}");
    }

    public void HealAll()
    {
        _cuts.Clear();
        loop.Trace("heal all");
    }

    public bool IsCut(int from, int to) => _cuts.Contains((from, to));

    internal object Call(SimAddress from, SimAddress to, MethodInfo method, object?[] args)
    {
        loop.AssertOnLoop($"call {method.Name}");
        var shape = SimCallShape.For(method);
        var name = $"{method.Name} {from}->{to}";
        if (shape.OneWay)
        {
            Request(from, to, name, shape, args, reply: null);
            return shape.Completed;
        }
        var pending = shape.NewPending();
        var timeout = loop.Schedule(Options.CallTimeout, $"timeout {name}", () => InTurnOf(from, "timeout", () =>
            pending.TryFail(new TimeoutException($"{name} had no reply within {Options.CallTimeout.TotalSeconds:0.###} s (simulated)."))));
        Request(from, to, name, shape, args, (result, error) => InTurnOf(from, "reply", () =>
        {
            if (error is null ? pending.TryComplete(result) : pending.TryFail(error))
                timeout.Cancel();
        }));
        return pending.ReturnValue;
    }

    private void Request(SimAddress from, SimAddress to, string name, SimCallShape shape, object?[] args, Action<object?, Exception?>? reply)
    {
        var copies = loop.Random.NextDouble() < Options.DuplicateRate ? 2 : 1;
        if (copies == 2)
            Duplicated++;
        for (var i = 0; i < copies; i++)
            Send(from, to, $"request {name}", () => Serve(to, from, name, shape, args, reply));
    }

    // Runs in the callee's turn; the reply leaves when the callee's method completes.
    private void Serve(SimAddress to, SimAddress from, string name, SimCallShape shape, object?[] args, Action<object?, Exception?>? reply)
    {
        var node = live(to);
        if (node is null)
        {
            Dropped++;
            return;
        }
        node.Scheduler.Run(async () =>
        {
            object? result = null;
            Exception? error = null;
            try
            {
                result = await shape.Box(shape.Method.Invoke(ISimServices.Resolve(node.Instance, shape.Method.DeclaringType!), args)!);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                error = e.InnerException;
            }
            catch (Exception e)
            {
                error = e;
            }
            if (reply is not null)
                Send(to, from, $"reply {name}", () => reply(result, error));
        });
    }

    private void Send(SimAddress from, SimAddress to, string label, Action arrive)
    {
        Sent++;
        if (IsCut(from.Node, to.Node) || loop.Random.NextDouble() < Options.DropRate)
        {
            Dropped++;
            return;
        }
        loop.Schedule(NextDelay(), label, () =>
        {
            if (IsCut(from.Node, to.Node))
                Dropped++;
            else
                arrive();
        });
    }

    private TimeSpan NextDelay()
    {
        var (min, max) = loop.Random.NextDouble() < Options.SlowRate
            ? (Options.MaxDelay, Options.SlowDelay)
            : (Options.MinDelay, Options.MaxDelay);
        return min + TimeSpan.FromTicks((long)(loop.Random.NextDouble() * (max - min).Ticks));
    }

    private void InTurnOf(SimAddress node, string what, Action action)
    {
        if (live(node) is { } caller)
            caller.Scheduler.Run(what, action);
    }
}

/// <summary>The network's knobs; the defaults are a healthy LAN with Orleans' 30 s response timeout.</summary>
public sealed record SimNetworkOptions
{
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(0.1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(5);
    /// <summary>The share of messages that take between <see cref="MaxDelay"/> and <see cref="SlowDelay"/>: a slow link, a GC pause.</summary>
    public double SlowRate { get; init; }
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(1);
    public double DropRate { get; init; }
    public double DuplicateRate { get; init; }
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
