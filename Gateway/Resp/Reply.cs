using System.Text;

namespace Disque.Gateway.Resp;

/// <summary>
/// One reply, built by a command and written later, in request order. A small
/// struct: the frequent replies (an integer, a job id, OK, a null) allocate nothing.
/// </summary>
public readonly struct Reply
{
    private enum Kind : byte
    {
        Status,
        Error,
        Integer,
        Bulk,
        NullBulk,
        NullArray,
        Array,
        JobIdStatus,
        JobIdBulk,
        Jobs,
        Close,
        None,
    }

    private readonly Kind _kind;
    private readonly long _number;
    private readonly JobId _id;
    private readonly object? _payload;

    private Reply(Kind kind, long number = 0, object? payload = null, JobId id = default) =>
        (_kind, _number, _payload, _id) = (kind, number, payload, id);

    public static readonly Reply Ok = Status("OK");
    public static readonly Reply Pong = Status("PONG");
    public static readonly Reply NullBulk = new(Kind.NullBulk);
    public static readonly Reply NullArray = new(Kind.NullArray);
    public static readonly Reply EmptyArray = Array([]);

    /// <summary>QUIT's +OK, after which the connection closes.</summary>
    public static readonly Reply OkThenClose = new(Kind.Close, payload: Encoding.ASCII.GetBytes("+OK\r\n"));

    /// <summary>No answer at all (MONITOR when already monitoring, CLIENT REPLY OFF and SKIP).</summary>
    public static readonly Reply None = new(Kind.None);

    /// <summary>SHUTDOWN's answer: none, the connection just closes.</summary>
    public static readonly Reply CloseSilently = new(Kind.Close, payload: System.Array.Empty<byte>());

    public static Reply Status(string text) => new(Kind.Status, payload: Encoding.UTF8.GetBytes(text));

    public static Reply Error(DisqueError error) => new(Kind.Error, payload: ErrorText.Of(error));

    public static Reply Error(string text) => new(Kind.Error, payload: Encoding.UTF8.GetBytes(text));

    public static Reply Integer(long value) => new(Kind.Integer, value);

    public static Reply Bulk(string? text) => text is null ? NullBulk : new(Kind.Bulk, payload: Encoding.UTF8.GetBytes(text));

    public static Reply Bulk(byte[]? bytes) => bytes is null ? NullBulk : new(Kind.Bulk, payload: bytes);

    public static Reply Array(Reply[] items) => new(Kind.Array, payload: items);

    /// <summary>A job id as a status line, as ADDJOB and JSCAN answer it.</summary>
    public static Reply JobIdStatus(JobId id) => new(Kind.JobIdStatus, id: id);

    /// <summary>A job id as a bulk string, as GETJOB and QPEEK carry it.</summary>
    public static Reply JobIdBulk(JobId id) => new(Kind.JobIdBulk, id: id);

    /// <summary>GETJOB and QPEEK: each job as [queue, id, body], with WITHCOUNTERS [.., "nacks", n, "additional-deliveries", n].</summary>
    public static Reply Jobs(Delivery[] jobs, bool withCounters) => new(Kind.Jobs, withCounters ? 1 : 0, jobs);

    public static Reply From(Outcome<long> outcome) => outcome.Error is { } error ? Error(error) : Integer(outcome.Value);

    public static implicit operator Reply(DisqueError error) => Error(error);

    public static implicit operator Reply(long value) => Integer(value);

    /// <summary>True for a reply after which the connection closes.</summary>
    public bool ClosesConnection => _kind == Kind.Close;

    public bool IsError => _kind == Kind.Error;

    /// <summary>An error reply's text (for a command's span); null for any other reply.</summary>
    public string? ErrorMessage => _kind == Kind.Error ? Encoding.UTF8.GetString((byte[])_payload!) : null;

    /// <summary>The job id a reply is (ADDJOB's); null for any other reply.</summary>
    public JobId? IdOrNull => _kind is Kind.JobIdStatus or Kind.JobIdBulk ? _id : null;

    /// <summary>The jobs a GETJOB or QPEEK reply carries; null for any other reply.</summary>
    public Delivery[]? Deliveries => _kind == Kind.Jobs ? (Delivery[])_payload! : null;

    public void WriteTo(RespWriter writer)
    {
        switch (_kind)
        {
            case Kind.Status:
                writer.WriteStatus((byte[])_payload!);
                break;
            case Kind.Error:
                writer.WriteError((byte[])_payload!);
                break;
            case Kind.Integer:
                writer.WriteInteger(_number);
                break;
            case Kind.Bulk:
                writer.WriteBulk((byte[])_payload!);
                break;
            case Kind.NullBulk:
                writer.WriteNullBulk();
                break;
            case Kind.NullArray:
                writer.WriteNullArray();
                break;
            case Kind.Array:
                var items = (Reply[])_payload!;
                writer.WriteArrayHeader(items.Length);
                foreach (var item in items)
                    item.WriteTo(writer);
                break;
            case Kind.JobIdStatus:
                writer.WriteJobId(_id, bulk: false);
                break;
            case Kind.JobIdBulk:
                writer.WriteJobId(_id, bulk: true);
                break;
            case Kind.Jobs:
                WriteJobs(writer, (Delivery[])_payload!, _number == 1);
                break;
            case Kind.Close:
                writer.Write((byte[])_payload!);
                break;
        }
    }

    private static void WriteJobs(RespWriter writer, Delivery[] jobs, bool withCounters)
    {
        writer.WriteArrayHeader(jobs.Length);
        foreach (var (queue, job) in jobs)
        {
            writer.WriteArrayHeader(withCounters ? 7 : 3);
            writer.WriteBulk(queue);
            writer.WriteJobId(job.Id, bulk: true);
            writer.WriteBulk(job.Body);
            if (!withCounters)
                continue;
            writer.WriteBulk("nacks"u8);
            writer.WriteInteger(job.Nacks);
            writer.WriteBulk("additional-deliveries"u8);
            writer.WriteInteger(job.AdditionalDeliveries);
        }
    }
}
