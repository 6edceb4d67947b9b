using Orleans.Runtime;

namespace Disque.Cluster;

/// <summary>
/// The keys of a silo's K job store grains. Store 0's key is the silo's address, as it always
/// was: other silos call only store 0, whatever their own K, so silos with different K work
/// together. Store k (k ≥ 1) is the address followed by '#k', placed on the same silo.
/// The queue grains file each store's counters under its key and read the silo back from it.
/// </summary>
public static class StoreKeys
{
    private const char Separator = '#';

    public static string For(SiloAddress silo, int store) => store == 0 ? silo.ToParsableString() : $"{silo.ToParsableString()}{Separator}{store}";

    /// <summary>The silo part of a store's key (the whole key for store 0).</summary>
    public static string SiloPart(string key) => key.IndexOf(Separator) is var at and >= 0 ? key[..at] : key;

    public static SiloAddress Silo(string key) => SiloAddress.FromParsableString(SiloPart(key));

    /// <summary>Which of its silo's stores the key names (0 for the silo's address).</summary>
    public static int Index(string key) => key.IndexOf(Separator) is var at and >= 0 ? int.Parse(key.AsSpan(at + 1), System.Globalization.CultureInfo.InvariantCulture) : 0;
}
