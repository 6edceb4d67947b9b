namespace Disque.LoadGen.Cycle;

/// <summary>How to drive the job cycle; see <c>Program.Usage</c> for each option.</summary>
public sealed record CycleOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 7711;

    public int Producers { get; init; } = 25;

    public int Workers { get; init; } = 25;

    /// <summary>ADDJOBs in flight per producer connection (--max); 1: no pipelining.</summary>
    public int Pipeline { get; init; } = 8;

    /// <summary>GETJOB's COUNT.</summary>
    public int Count { get; init; } = 50;

    /// <summary>GETJOB's TIMEOUT while producers run; 0: GETJOB NOHANG, polling (1 ms pause after an empty reply).</summary>
    public int WaitMs { get; init; } = 100;

    /// <summary>Offered ADDJOBs per second in all; null: as fast as the server answers.</summary>
    public double? Rate { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Send this many jobs and stop (no warm-up, no window); 0: run for the duration.</summary>
    public long Jobs { get; init; }

    public int BodySize { get; init; } = 64;

    public string Queue { get; init; } = "loadgen-" + Guid.NewGuid().ToString("N")[..8];

    public string TimeoutMs { get; init; } = "0";

    /// <summary>More ADDJOB arguments, such as REPLICATE 2.</summary>
    public IReadOnlyList<string> AddJobOptions { get; init; } = [];

    /// <summary>Producers wait while this many jobs are sent and not acked: keeps the queue (and so latency) bounded.</summary>
    public long MaxBacklog { get; init; } = 20_000;

    /// <summary>The server's process id, to read its memory and CPU from /proc.</summary>
    public int? Pid { get; init; }

    /// <summary>A cluster's other nodes: their CPU counts with the server's (all nodes' CPU per job).</summary>
    public IReadOnlyList<int> AlsoPids { get; init; } = [];

    /// <summary>Sample the server's memory every this many acked jobs; 0: not at all.</summary>
    public long SampleEvery { get; init; }

    /// <summary>Jobs name one of this many groups in turn (Disque.Orleans' GROUP); 0: no group.</summary>
    public int Groups { get; init; }

    /// <summary>Each job carries a key of its own (Disque.Orleans' UNIQUE): every ADDJOB claims a new key.</summary>
    public bool Unique { get; init; }
}
