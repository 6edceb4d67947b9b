using Disque.Client.Resp;

namespace Disque.Client.Protocol;

/// <summary>Disque's commands as RESP multibulks, with Disque's option words.</summary>
internal static class DisqueCommands
{
    /// <param name="traceParent">The producer's W3C trace context for Disque.Orleans' TRACEPARENT option; null: none (Disque's ADDJOB).</param>
    public static RespCommand AddJob(string queue, ReadOnlyMemory<byte> body, AddJobOptions options, string? traceParent = null)
    {
        var command = new RespCommand("ADDJOB").Add(queue).Add(body).Add(options.TimeoutMs);
        AddJobWords(command, options);
        if (traceParent is not null)
            command.Add("TRACEPARENT").Add(traceParent);
        return options.Async ? command.Add("ASYNC") : command;
    }

    /// <summary>SCHEDULE SET: its own options, then ADDJOB's (but ADDJOB's ms-timeout, which the server sets).</summary>
    public static RespCommand ScheduleSet(string name, string cron, string queue, ReadOnlyMemory<byte> body, ScheduleOptions options)
    {
        var command = new RespCommand("SCHEDULE").Add("SET").Add(name).Add(cron).Add(queue).Add(body);
        if (options.TimeZone is { } zone)
            command.Add("TZ").Add(zone);
        command.Add("MISSED").Add(options.CatchUpMissed ? "catchup" : "skip");
        if (options.NoOverlap)
            command.Add("NOOVERLAP");
        if (options.WithTime)
            command.Add("WITHTIME");
        var job = options.Job ?? AddJobOptions.Default;
        AddJobWords(command, job);
        return job.Async ? command.Add("ASYNC") : command;
    }

    /// <summary>ADDJOB's options but TRACEPARENT and ASYNC, in their words.</summary>
    private static void AddJobWords(RespCommand command, AddJobOptions options)
    {
        Option(command, "REPLICATE", options.Replicate);
        Option(command, "DELAY", AddJobOptions.Seconds(options.Delay));
        Option(command, "RETRY", AddJobOptions.Seconds(options.Retry));
        Option(command, "TTL", AddJobOptions.Seconds(options.Ttl));
        Option(command, "MAXLEN", options.MaxLen);
        Option(command, "PRIORITY", options.Priority);
        Option(command, "MAXDELIVERIES", options.MaxDeliveries);
        if (options.DeadLetter is { } deadLetter)
            command.Add("DEADLETTER").Add(deadLetter);
        if (options.Backoff is { } backoff)
            command.Add("BACKOFF").Add(backoff.BaseSeconds).Add(backoff.CapSeconds);
        if (options.Group is not null)
            command.Add("GROUP").Add(options.Group);
        Option(command, "GROUPLIMIT", options.GroupLimit);
        if (options.UniqueKey is { } key)
            command.Add("UNIQUE").Add(key);
        Option(command, "UNIQUEFOR", AddJobOptions.Seconds(options.UniqueFor));
        if (options.After is { } after)
            command.Add("AFTER").Add(string.Join(',', after));
        if (options.OnFail is { } onFail)
            command.Add("ONFAIL").Add(onFail == DependencyFailure.Queue ? "QUEUE" : "CANCEL");
    }

    /// <summary>GETJOB; <paramref name="timeout"/> null blocks until a job comes (Disque's TIMEOUT 0).</summary>
    public static RespCommand GetJob(IReadOnlyList<string> queues, int count, TimeSpan? timeout, bool noHang, bool withCounters)
    {
        var command = new RespCommand("GETJOB");
        if (noHang)
            command.Add("NOHANG");
        Option(command, "TIMEOUT", timeout is { } t ? GetJobsArguments.TimeoutMs(t) : null);
        Option(command, "COUNT", count == 1 ? null : count);
        if (withCounters)
            command.Add("WITHCOUNTERS");
        return command.Add("FROM").AddRange(queues);
    }

    /// <summary>Ours, WAITJOB; <paramref name="timeout"/> null waits without limit (TIMEOUT 0).</summary>
    public static RespCommand WaitJob(IEnumerable<string> ids, TimeSpan? timeout)
    {
        var command = new RespCommand("WAITJOB").AddRange(ids);
        Option(command, "TIMEOUT", timeout is { } t ? GetJobsArguments.TimeoutMs(t) : null);
        return command;
    }

    /// <summary>ACKJOB, FASTACK, NACK, ENQUEUE...: the name, then the ids.</summary>
    public static RespCommand WithIds(string name, IEnumerable<string> ids) => new RespCommand(name).AddRange(ids);

    /// <summary>NACKJOB and FAILJOB: the ids, then DELAY seconds (NACKJOB, when not zero) and REASON text when given.</summary>
    public static RespCommand Verdict(string name, IEnumerable<string> ids, TimeSpan? delay, string? reason)
    {
        var command = WithIds(name, ids);
        Option(command, "DELAY", AddJobOptions.Seconds(delay) is > 0 and var seconds ? seconds : null);
        return reason is null ? command : command.Add("REASON").Add(reason);
    }

    public static RespCommand WithArgs(string name, params string[] args) => new RespCommand(name).AddRange(args);

    private static void Option(RespCommand command, string name, long? value)
    {
        if (value is { } v)
            command.Add(name).Add(v);
    }
}
