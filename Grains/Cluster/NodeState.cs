using System.Net;

namespace Disque.Cluster;

/// <summary>
/// What this silo is as a Disque node beyond Orleans: the RESP endpoint it
/// serves (if it is a gateway), whether it is leaving the cluster, and whether
/// it is over its memory limit. One per silo; the job store reads it to refuse
/// new copies, HELLO and INFO read it to describe the node.
/// </summary>
public sealed class NodeState
{
    private volatile bool _leaving;

    /// <summary>Where this silo serves RESP (the bound address and port); null when it serves no RESP.</summary>
    public IPEndPoint? RespEndpoint { get; set; }

    /// <summary>
    /// Where clients are told to reach this silo (HELLO, CLUSTER NODES): the announce
    /// address and port when set, like Redis' cluster-announce-ip; null: <see cref="RespEndpoint"/>.
    /// </summary>
    public (string Host, int Port)? Announced { get; set; }

    /// <summary>CLUSTER LEAVING yes, or a clean shutdown under way: no new copies, GETJOB does not block.</summary>
    public bool Leaving
    {
        get => _leaving;
        set => _leaving = value;
    }

    /// <summary>Copies a job gets when ADDJOB names none; 0: Disque's min(3, silos).</summary>
    public int DefaultReplicate { get; set; }

    /// <summary>The memory limit of this silo in bytes, Disque's 1 GiB by default (0 leaves no room, as in Disque). Above 75% of it the silo takes no new copies.</summary>
    public long MaxMemoryBytes { get; set; } = 1L << 30;

    /// <summary>Set by the memory watcher while the silo is above its limit.</summary>
    public bool OutOfMemory { get; set; }

    /// <summary>False while leaving or out of memory: the silo keeps no new copies then.</summary>
    public bool CanHoldCopies => !Leaving && !OutOfMemory;

    /// <summary>The NOREPL error to answer when this silo cannot hold a copy itself.</summary>
    public DisqueError CannotHoldError => Leaving ? DisqueError.NoReplLeaving : DisqueError.NoReplOutOfMemory;
}
