namespace Disque.Client;

/// <summary>
/// No answer from Disque: a node could not be reached, a connection broke, or a reply
/// did not come in time. Not an error Disque answered (that is a <see cref="DisqueException"/>).
/// </summary>
public class DisqueConnectionException : IOException
{
    public DisqueConnectionException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>
    /// True when the command was written before the connection failed: the node may
    /// have carried it out. An ADDJOB that fails so may or may not have added its job.
    /// </summary>
    public bool MayHaveRun { get; init; }

    /// <summary>The connection could not be made at all (as opposed to one that broke).</summary>
    internal bool WhileConnecting { get; init; }
}
