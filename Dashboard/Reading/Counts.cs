namespace Disque.Dashboard.Reading;

/// <summary>The job counters every silo keeps, in INFO's words.</summary>
internal enum Counter
{
    Added,
    Delivered,
    Acked,
    Requeued,
    Expired,
}

/// <summary>One value per <see cref="Counter"/>: a silo's totals, or the cluster's sums.</summary>
internal readonly record struct Counts(long Added, long Delivered, long Acked, long Requeued, long Expired)
{
    public static readonly Counter[] All = Enum.GetValues<Counter>();

    public long this[Counter counter] => counter switch
    {
        Counter.Added => Added,
        Counter.Delivered => Delivered,
        Counter.Acked => Acked,
        Counter.Requeued => Requeued,
        _ => Expired,
    };

    public static Counts operator +(Counts a, Counts b) =>
        new(a.Added + b.Added, a.Delivered + b.Delivered, a.Acked + b.Acked, a.Requeued + b.Requeued, a.Expired + b.Expired);

    /// <summary>What was counted since <paramref name="before"/>; a counter that went back (never, for one silo) counts 0.</summary>
    public Counts Since(Counts before) => new(
        Math.Max(0, Added - before.Added), Math.Max(0, Delivered - before.Delivered), Math.Max(0, Acked - before.Acked),
        Math.Max(0, Requeued - before.Requeued), Math.Max(0, Expired - before.Expired));
}
