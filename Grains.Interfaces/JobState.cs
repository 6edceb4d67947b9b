namespace Disque;

/// <summary>Where a job stands, with Disque's names for SHOW and JSCAN.</summary>
[GenerateSerializer]
public enum JobState : byte
{
    /// <summary>ADDJOB is waiting for the copies to exist on other silos.</summary>
    WaitRepl,

    /// <summary>Not queued: delivered and waiting for its ACK, DEQUEUEd, or waiting out its DELAY.</summary>
    Active,

    Queued,

    /// <summary>Acknowledged: its copies are being collected.</summary>
    Acked,
}

public static class JobStateNames
{
    private static readonly string[] Names = ["wait-repl", "active", "queued", "acked"];

    public static string Name(this JobState state) => Names[(int)state];

    public static bool TryParse(string text, out JobState state)
    {
        var index = Array.FindIndex(Names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        state = (JobState)Math.Max(index, 0);
        return index >= 0;
    }
}

/// <summary>Which sides of a queue are paused: IN refuses ADDJOB, OUT keeps GETJOB waiting.</summary>
[Flags]
[GenerateSerializer]
public enum PauseState : byte
{
    None = 0,
    In = 1,
    Out = 2,
    All = In | Out,
}
