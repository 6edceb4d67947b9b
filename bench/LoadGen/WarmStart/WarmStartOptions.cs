namespace Disque.LoadGen.WarmStart;

/// <summary>How to measure a warm start; see <c>Program.Usage</c> for each option.</summary>
public sealed record WarmStartOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 7711;

    /// <summary>Job cycles (ADDJOB, GETJOB, ACKJOB) in each timed phase, spread over the clients.</summary>
    public int Cycles { get; init; } = 1000;

    /// <summary>Connections running cycles at once, each without pipelining.</summary>
    public int Clients { get; init; } = 1;

    /// <summary>How long the server may take to answer its first PING.</summary>
    public TimeSpan ReadyWithin { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Cycles run between the first phase and the warm one, untimed.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);

    public int BodySize { get; init; } = 64;

    public string Queue { get; init; } = "warmstart-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The server's process id, to read its CPU time.</summary>
    public int? Pid { get; init; }

    /// <summary>
    /// Another server, already running, to warm this load generator's own code on before it
    /// waits for the measured one: so the first phase times the server's cold start, not ours.
    /// </summary>
    public (string Host, int Port)? ClientWarmup { get; init; }

    public TimeSpan ClientWarmupTime { get; init; } = TimeSpan.FromSeconds(2);
}
