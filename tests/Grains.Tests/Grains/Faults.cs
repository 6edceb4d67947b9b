using System.Collections.Concurrent;
using Orleans.Runtime;

namespace Disque.Tests.Grains;

/// <summary>
/// Faults a test injects into one silo of an in-process test cluster: the calls of
/// one grain method that silo receives are answered late, or fail. A fault holds
/// until the test disposes it; with none, every call passes untouched.
/// </summary>
public static class Faults
{
    private static readonly ConcurrentDictionary<Fault, byte> Active = new();

    /// <summary>Calls of <paramref name="method"/> that <paramref name="silo"/> receives wait <paramref name="delay"/> before they run.</summary>
    public static Fault Delay(SiloAddress silo, string method, TimeSpan delay) => Add(new Fault(silo, method, delay, throws: false));

    /// <summary>Calls of <paramref name="method"/> that <paramref name="silo"/> receives throw.</summary>
    public static Fault Throw(SiloAddress silo, string method) => Add(new Fault(silo, method, TimeSpan.Zero, throws: true));

    private static Fault Add(Fault fault)
    {
        Active[fault] = 0;
        return fault;
    }

    internal static Fault? For(SiloAddress silo, string method)
    {
        foreach (var fault in Active.Keys)
            if (fault.Silo.Equals(silo) && fault.Method == method)
                return fault;
        return null;
    }

    public sealed class Fault(SiloAddress silo, string method, TimeSpan delay, bool throws) : IDisposable
    {
        private int _completed;

        public SiloAddress Silo => silo;

        public string Method => method;

        public TimeSpan Delay => delay;

        public bool Throws => throws;

        /// <summary>Calls that went through this fault and have finished running.</summary>
        public int Completed => Volatile.Read(ref _completed);

        internal void Done() => Interlocked.Increment(ref _completed);

        public void Dispose() => Active.TryRemove(this, out _);
    }
}

/// <summary>Applies <see cref="Faults"/> to the calls a silo receives.</summary>
public sealed class FaultFilter(ILocalSiloDetails silo) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (Faults.For(silo.SiloAddress, context.MethodName) is not { } fault)
        {
            await context.Invoke();
            return;
        }
        try
        {
            if (fault.Throws)
                throw new InvalidOperationException($"Injected fault: {context.MethodName} on {silo.SiloAddress}.");
            await Task.Delay(fault.Delay);
            await context.Invoke();
        }
        finally
        {
            fault.Done();
        }
    }
}
