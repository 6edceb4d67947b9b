using System.Text;

namespace Disque.Client;

/// <summary>
/// A job as GETJOB and QPEEK hand it out: its queue, its id and its body. With
/// WITHCOUNTERS, how often it was NACKed and delivered again after a RETRY.
/// </summary>
public sealed record Job(string Queue, string Id, byte[] Body)
{
    /// <summary>NACKs so far (GETJOB WITHCOUNTERS only).</summary>
    public int? Nacks { get; init; }

    /// <summary>Deliveries beyond the first that were not NACKs: RETRY ran out, or ENQUEUE (GETJOB WITHCOUNTERS only).</summary>
    public int? AdditionalDeliveries { get; init; }

    /// <summary>The body read as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);
}
