using System.Security.Cryptography;

namespace Disque.Domain;

/// <summary>
/// Makes new job ids for one job store: its silo's node prefix, 144 random bits, and the
/// TTL suffix. Not thread safe: each job store owns one. The random bits come from
/// the system's cryptographic generator, or from <paramref name="fill"/> (a seeded
/// source, for the deterministic simulation). A silo with K stores gives store
/// <paramref name="store"/> ids that <see cref="StoreShards.Of"/> files there; with K = 1
/// the random bits are used as they come.
/// </summary>
public sealed class JobIdGenerator(uint node, Action<Span<byte>>? fill = null, int store = 0, int stores = 1)
{
    private readonly Action<Span<byte>> _fill = fill ?? RandomNumberGenerator.Fill;
    private const int RandomBytes = 18;
    private readonly byte[] _pool = new byte[RandomBytes * 512];
    private int _next = RandomBytes * 512;

    public uint Node => node;

    /// <summary>A new id of this store (<paramref name="pinned"/>: of store 0 on every silo, see <see cref="StoreShards.IsPinned"/>).</summary>
    public JobId Next(long ttlSeconds, long retrySeconds, bool pinned = false)
    {
        if (_next + RandomBytes > _pool.Length)
        {
            _fill(_pool);
            _next = 0;
        }
        var random = _pool.AsSpan(_next, RandomBytes);
        _next += RandomBytes;
        if (pinned || stores > 1)
            StoreShards.Steer(random, pinned ? -1 : store, stores);
        return new JobId(node, random, JobRules.TtlSuffix(ttlSeconds, retrySeconds));
    }
}
