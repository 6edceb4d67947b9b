using Disque.Domain;

namespace Disque.Store;

/// <summary>
/// Which of its silo's K stores a <see cref="StoreCore"/> is, and how it reaches all K
/// (<see cref="Siblings"/>: the silo's stores as one, null when K = 1). The default is the one
/// store of a silo, as before issue 20. <see cref="Board"/>: the silo's <see cref="QueueBoard"/>, when K &gt; 1.
/// </summary>
internal readonly record struct StoreShard(int Index, int Count, ILocalStore? Siblings = null, QueueBoard? Board = null)
{
    /// <summary>This store's place on its silo's <see cref="QueueBoard"/>.</summary>
    public BoardSlot Slot => new(Board, Index);

    public int Count { get; } = Math.Max(1, Count);

    /// <summary>This store is where <paramref name="id"/> lives on its silo.</summary>
    public bool Holds(JobId id) => StoreShards.Of(id, Count) == Index;
}
