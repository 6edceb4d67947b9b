using System.Collections.Concurrent;
using Disque.Store;
using Orleans.Runtime.Diagnostics;

namespace Disque.Tests.Grains;

/// <summary>
/// The job stores' timer ticks, seen through Orleans' grain timer events: for each store (keyed
/// by its silo), the job time at which its last completed tick started. A test that moves job
/// time forward then waits until every store has run a whole tick at the new time (requeues and
/// expiries included: a tick completes once they have landed), instead of guessing how long that takes.
/// </summary>
internal static class StoreTicks
{
    private static readonly ConcurrentDictionary<IGrainTimer, DateTimeOffset> Started = new();
    private static readonly ConcurrentDictionary<string, DateTimeOffset> Completed = new();
    private static readonly IDisposable Subscription = GrainTimerEvents.AllEvents.Subscribe(new Observer());

    /// <summary>Starts watching (before the first store's first tick, so none is missed).</summary>
    public static void Watch() => GC.KeepAlive(Subscription);

    /// <summary>
    /// Until each of <paramref name="stores"/> (all up: see ClusterFixture.Advance) has completed a
    /// tick that started at job time <paramref name="time"/> or later.
    /// </summary>
    public static Task Until(DateTimeOffset time, Func<IEnumerable<string>> stores) =>
        Wait.Until(
            () => stores().All(store => Completed.TryGetValue(store, out var at) && at >= time),
            what: $"every job store ran a tick at job time {time:O}");

    private sealed class Observer : IObserver<GrainTimerEvents.TimerEvent>
    {
        public void OnNext(GrainTimerEvents.TimerEvent value)
        {
            if (value.GrainContext.GrainInstance is not JobStore)
                return;
            if (value is GrainTimerEvents.TickStart)
                Started[value.Timer] = ClusterFixture.Time.GetUtcNow();
            else if (value is GrainTimerEvents.TickStop && Started.TryRemove(value.Timer, out var startedAt))
                Completed.AddOrUpdate(value.GrainContext.GrainId.Key.ToString()!, startedAt, (_, before) => before > startedAt ? before : startedAt);
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
