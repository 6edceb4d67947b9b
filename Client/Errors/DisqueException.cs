namespace Disque.Client;

/// <summary>
/// An error Disque answered (<c>-CODE message</c>): <see cref="Code"/> is the code
/// (NOREPL, PAUSED, ...), the message is Disque's own text. Each code Disque uses has
/// its own type below; a code this client does not know arrives as this type.
/// </summary>
public class DisqueException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The error as its code says: the typed exception for a known code.</summary>
    public static DisqueException From(string code, string message) => code switch
    {
        "ERR" => new DisqueCommandException(message),
        "NOREPL" => new NoReplException(message),
        "PAUSED" => new PausedException(message),
        "MAXLEN" => new MaxLenException(message),
        "BADID" => new BadIdException(message),
        "NOJOB" => new NoJobException(message),
        "TOOLATE" => new TooLateException(message),
        "LEAVING" => new LeavingException(message),
        "NOAUTH" => new NoAuthException(message),
        _ => new DisqueException(code, message),
    };

    /// <summary>An error line as RESP carries it, after the '-': the code, a space, the message.</summary>
    public static DisqueException FromLine(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? From(line, "") : From(line[..space], line[(space + 1)..]);
    }

    public override string ToString() => $"{GetType().FullName}: {Code} {Message}";
}

/// <summary><c>-ERR</c>: a wrong command, argument or option combination (syntax, ranges, RETRY 0 with REPLICATE &gt; 1, DELAY past TTL...).</summary>
public sealed class DisqueCommandException(string message) : DisqueException("ERR", message);

/// <summary><c>-NOREPL</c>: not enough reachable nodes for the requested replication, or the replication timed out.</summary>
public sealed class NoReplException(string message) : DisqueException("NOREPL", message);

/// <summary><c>-PAUSED</c>: the queue is paused in input.</summary>
public sealed class PausedException(string message) : DisqueException("PAUSED", message);

/// <summary><c>-MAXLEN</c>: the queue already holds MAXLEN jobs.</summary>
public sealed class MaxLenException(string message) : DisqueException("MAXLEN", message);

/// <summary><c>-BADID</c>: not a job id at all.</summary>
public sealed class BadIdException(string message) : DisqueException("BADID", message);

/// <summary><c>-NOJOB</c>: the job is not known (acked, expired, or never existed).</summary>
public sealed class NoJobException(string message) : DisqueException("NOJOB", message);

/// <summary><c>-TOOLATE</c>: WORKING after half the job's TTL: the next delivery can no longer be postponed.</summary>
public sealed class TooLateException(string message) : DisqueException("TOOLATE", message);

/// <summary><c>-LEAVING</c>: the node is leaving the cluster; use another (HELLO says which).</summary>
public sealed class LeavingException(string message) : DisqueException("LEAVING", message);

/// <summary><c>-NOAUTH</c>: the node has a password and this connection has not sent AUTH.</summary>
public sealed class NoAuthException(string message) : DisqueException("NOAUTH", message);
