using System.Security.Cryptography;

namespace Disque.Domain;

/// <summary>
/// Makes new job ids for one silo: its node prefix, 144 random bits, and the
/// TTL suffix. Not thread safe: each job store owns one. The random bits come from
/// the system's cryptographic generator, or from <paramref name="fill"/> (a seeded
/// source, for the deterministic simulation).
/// </summary>
public sealed class JobIdGenerator(uint node, Action<Span<byte>>? fill = null)
{
    private readonly Action<Span<byte>> _fill = fill ?? RandomNumberGenerator.Fill;
    private const int RandomBytes = 18;
    private readonly byte[] _pool = new byte[RandomBytes * 512];
    private int _next = RandomBytes * 512;

    public uint Node => node;

    public JobId Next(long ttlSeconds, long retrySeconds)
    {
        if (_next + RandomBytes > _pool.Length)
        {
            _fill(_pool);
            _next = 0;
        }
        var random = _pool.AsSpan(_next, RandomBytes);
        _next += RandomBytes;
        return new JobId(node, random, JobRules.TtlSuffix(ttlSeconds, retrySeconds));
    }
}
