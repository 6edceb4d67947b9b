using System.Diagnostics;

namespace Disque.Store;

/// <summary>
/// A measurement for bench/stores.sh (issue 20's scaling model), off unless the environment names a
/// file in <c>DISQUE_STORE_CLOCK</c>: the time this silo's command path spends inside store turns
/// (the part of posted work that runs on a store's turn before its first await), added up over all
/// stores and written to that file twice a second as "microseconds posted-works". Off, it costs one
/// static read per posted work.
/// </summary>
internal static class StoreTurnClock
{
    private static readonly string? File = Environment.GetEnvironmentVariable("DISQUE_STORE_CLOCK") is { Length: > 0 } path ? path : null;
    private static long _ticks;
    private static long _works;
    private static readonly Timer? Writer = File is null ? null : new Timer(static _ => Write(), null, 500, 500);

    public static bool On => File is not null;

    /// <summary><paramref name="work"/>, timed on the store's turn.</summary>
    public static Func<StoreCore, TArg, Task<T>> Timed<TArg, T>(Func<StoreCore, TArg, Task<T>> work) => (store, arg) =>
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return work(store, arg);
        }
        finally
        {
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - started);
            Interlocked.Increment(ref _works);
        }
    };

    private static void Write()
    {
        GC.KeepAlive(Writer);
        var micros = Interlocked.Read(ref _ticks) * 1_000_000 / Stopwatch.Frequency;
        System.IO.File.WriteAllText(File!, FormattableString.Invariant($"{micros} {Interlocked.Read(ref _works)}\n"));
    }
}
