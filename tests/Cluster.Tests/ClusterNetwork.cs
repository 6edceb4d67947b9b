using System.Net;

namespace Disque.Cluster.Tests;

/// <summary>Where a test cluster's processes run and the addresses they reach each other at.</summary>
public interface IClusterNetwork
{
    /// <summary>Where the membership Redis listens; the test process reaches it there too.</summary>
    IPAddress RedisAddress { get; }

    /// <summary>The address of a node (the same for its restarts); the network makes room for it on first use.</summary>
    IPAddress AddressOf(string node);

    /// <summary>What goes before a program's command line to run it on the node's host; empty: here.</summary>
    IReadOnlyList<string> Prefix(string node);
}

/// <summary>Every process on this host's loopback.</summary>
public sealed class LoopbackNetwork : IClusterNetwork
{
    public IPAddress RedisAddress => IPAddress.Loopback;

    public IPAddress AddressOf(string node) => IPAddress.Loopback;

    public IReadOnlyList<string> Prefix(string node) => [];
}
