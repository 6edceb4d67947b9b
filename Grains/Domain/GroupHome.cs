using System.Text;

namespace Disque.Domain;

/// <summary>
/// Ours, beyond Disque: where a queue's group lives. Every silo ranks the silos the same way
/// for a given queue and group (rendezvous hashing: the highest score of queue, group and silo
/// wins), so a grouped job goes to the first one (its home, which owns it) and its copies to the
/// next ones in rank. When the home dies, the first living holder of each of the group's jobs is
/// then the same silo, which is also the group's next home: the group stays on one silo. A silo
/// joining or leaving moves only the groups it wins or held.
/// </summary>
public static class GroupHome
{
    /// <summary>The silos, best first, for <paramref name="queue"/>'s group <paramref name="group"/>; <paramref name="key"/> names each silo stably.</summary>
    public static List<T> Rank<T>(string queue, string group, IEnumerable<T> silos, Func<T, string> key)
    {
        var seed = Fnv(Fnv(14695981039346656037UL, queue), group);
        var ranked = silos.Select(s => (Silo: s, Score: Mix(Fnv(seed, key(s))))).ToList();
        ranked.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        return ranked.ConvertAll(r => r.Silo);
    }

    private static ulong Fnv(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
            hash = (hash ^ b) * 1099511628211UL;
        return (hash ^ 0xFF) * 1099511628211UL; // a separator, so ("ab", "c") and ("a", "bc") differ
    }

    /// <summary>A finaliser (SplitMix64's), so close inputs score far apart.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
