namespace Disque.Domain;

/// <summary>
/// Which of a silo's K job stores holds a job (issue 20: a silo that uses every core).
/// Invariant: on every silo, whatever its K, a job lives in store <see cref="Of"/>(id, K)
/// and nowhere else on that silo, so a call naming a job reaches the one store that may
/// hold it without asking the others. The rule reads 24 bits of the id's random part
/// (bits 8..31 of <see cref="JobId.RandomBits"/>; bits 0..7 choose a store's table shard,
/// so the two choices stay independent) modulo K: stable across processes and restarts.
/// An id whose 24 bits are all zero is in store 0 for every K: that is how a job is pinned
/// to store 0 on every silo (a grouped job: its queue's group table is store 0's).
/// </summary>
public static class StoreShards
{
    private const int Shift = 8;
    private const uint Mask = 0xFF_FFFF;

    /// <summary>The store, of <paramref name="stores"/>, that holds <paramref name="id"/> on a silo.</summary>
    public static int Of(JobId id, int stores) => stores <= 1 ? 0 : (int)((id.RandomBits >> Shift & Mask) % (uint)stores);

    /// <summary>Store 0 of every silo, whatever its K.</summary>
    public static bool IsPinned(JobId id) => (id.RandomBits >> Shift & Mask) == 0;

    /// <summary>
    /// Rewrites the 3 random bytes that <see cref="Of"/> reads (bytes 6..8 of the 18 an id is made
    /// from) so that the id lands in <paramref name="store"/> of <paramref name="stores"/>, or is
    /// pinned (<paramref name="store"/> &lt; 0). The other 120 random bits are left as they are.
    /// </summary>
    public static void Steer(Span<byte> random18, int store, int stores)
    {
        if (store >= 0 && stores <= 1)
            return;
        var bits = (uint)(random18[6] << 16 | random18[7] << 8 | random18[8]);
        if (store < 0)
            bits = 0;
        else
        {
            bits = bits - bits % (uint)stores + (uint)store;
            if (bits > Mask)
                bits -= (uint)stores;
            if (bits == 0 && store == 0)
                bits = (uint)stores; // not pinned by chance: a plain job of store 0 stays a plain id
        }
        random18[6] = (byte)(bits >> 16);
        random18[7] = (byte)(bits >> 8);
        random18[8] = (byte)bits;
    }
}
