using Disque.Client.Resp;

namespace Disque.Client.Protocol;

/// <summary>
/// Disque's replies read into this client's types: job arrays, SHOW's and QSTAT's
/// name/value arrays, HELLO. An error reply becomes its typed <see cref="DisqueException"/>.
/// </summary>
internal static class DisqueReplies
{
    public static RespValue Checked(RespValue reply) =>
        reply.IsError ? throw DisqueException.FromLine(reply.Text ?? "") : reply;

    public static string Text(RespValue reply) => Checked(reply).Text ?? throw Unexpected("text", reply);

    public static long Integer(RespValue reply) => Checked(reply).ToInt64();

    /// <summary>GETJOB and QPEEK: [queue, id, body] each, with WITHCOUNTERS the named counters after; null: none.</summary>
    public static IReadOnlyList<Job> Jobs(RespValue reply) =>
        [.. Checked(reply).Items.Select(Job)];

    private static Job Job(RespValue item)
    {
        var fields = item.Items;
        if (fields.Count < 3)
            throw Unexpected("a job", item);
        var job = new Job(fields[0].Text!, fields[1].Text!, fields[2].Bytes ?? []);
        var counters = Pairs(fields.Skip(3).ToList());
        return counters.Count == 0 ? job : job with
        {
            Nacks = (int?)counters.GetValueOrDefault("nacks")?.ToInt64(),
            AdditionalDeliveries = (int?)counters.GetValueOrDefault("additional-deliveries")?.ToInt64(),
        };
    }

    /// <summary>SHOW (and each job of JSCAN REPLY all): null for an unknown job.</summary>
    public static JobDetails? Show(RespValue reply) => Fields(reply) is not { } f ? null : Extras(f, new JobDetails
    {
        Id = f["id"].Text!,
        Queue = f.GetValueOrDefault("queue")?.Text,
        State = f["state"].Text!,
        Replicate = (int)Number(f, "repl"),
        TtlSeconds = Number(f, "ttl"),
        CTime = Number(f, "ctime"),
        DelaySeconds = Number(f, "delay"),
        RetrySeconds = Number(f, "retry"),
        Nacks = (int)Number(f, "nacks"),
        AdditionalDeliveries = (int)Number(f, "additional-deliveries"),
        NodesDelivered = Strings(f, "nodes-delivered"),
        NodesConfirmed = Strings(f, "nodes-confirmed"),
        NextRequeueWithinMs = NumberOrNull(f, "next-requeue-within"),
        NextAwakeWithinMs = NumberOrNull(f, "next-awake-within"),
        Body = f.GetValueOrDefault("body")?.Bytes,
    });

    /// <summary>Disque.Orleans' fields after Disque's, when the server gave them (deliveries is always one of them).</summary>
    private static JobDetails Extras(Dictionary<string, RespValue> f, JobDetails job) => !f.ContainsKey("deliveries") ? job : job with
    {
        Priority = (int)Number(f, "priority"),
        Deliveries = (int)Number(f, "deliveries"),
        MaxDeliveries = (int)Number(f, "max-deliveries"),
        Backoff = f.GetValueOrDefault("backoff") is { Items: [var b, var c] } ? new JobBackoff(TimeSpan.FromSeconds(b.ToInt64()), TimeSpan.FromSeconds(c.ToInt64())) : null,
        DeadLetter = f.GetValueOrDefault("dead-letter")?.Text,
        LastFailure = f.GetValueOrDefault("last-failure")?.Text,
        LastFailureTime = NumberOrNull(f, "last-failure-time") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        DeadFrom = f.GetValueOrDefault("dead-from")?.Text,
        DeadReason = f.GetValueOrDefault("dead-reason")?.Text,
    };

    /// <summary>QSTAT: null for a queue that does not exist.</summary>
    public static QueueDetails? QStat(RespValue reply) => Fields(reply) is not { } f ? null : new QueueDetails
    {
        Name = f["name"].Text!,
        Length = Number(f, "len"),
        AgeSeconds = Number(f, "age"),
        IdleSeconds = Number(f, "idle"),
        Blocked = Number(f, "blocked"),
        ImportFrom = Strings(f, "import-from"),
        ImportRate = Number(f, "import-rate"),
        JobsIn = Number(f, "jobs-in"),
        JobsOut = Number(f, "jobs-out"),
        Pause = f.GetValueOrDefault("pause")?.Text ?? "none",
        Groups = f.TryGetValue("groups", out var groups) ? [.. groups.Items.Select(g => Pairs(g.Items)).Select(g => new QueueGroupDetails(
            g["name"].Text!, Number(g, "waiting"), Number(g, "active"), (int)Number(g, "limit")))] : [],
    };

    /// <summary>HELLO: [version, my node id, [node id, host, port, priority]...].</summary>
    public static (string MyId, IReadOnlyList<GatewayNode> Nodes) Hello(RespValue reply)
    {
        var items = Checked(reply).Items;
        if (items.Count < 2)
            throw Unexpected("HELLO", reply);
        var nodes = items.Skip(2).Select(n => n.Items.Count >= 4
            ? new GatewayNode(n.Items[0].Text!, new NodeEndpoint(n.Items[1].Text!, (int)n.Items[2].ToInt64()), (int)n.Items[3].ToInt64())
            : throw Unexpected("a HELLO node", n));
        return (items[1].Text!, [.. nodes]);
    }

    /// <summary>A name/value array (SHOW, QSTAT) by name; null for the null reply.</summary>
    internal static Dictionary<string, RespValue>? Fields(RespValue reply) => Checked(reply).IsNull ? null : Pairs(reply.Items);

    private static Dictionary<string, RespValue> Pairs(IReadOnlyList<RespValue> items)
    {
        var pairs = new Dictionary<string, RespValue>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Count; i += 2)
            pairs[items[i].Text ?? ""] = items[i + 1];
        return pairs;
    }

    private static long Number(Dictionary<string, RespValue> fields, string name) => NumberOrNull(fields, name) ?? 0;

    private static long? NumberOrNull(Dictionary<string, RespValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && !value.IsNull ? value.ToInt64() : null;

    private static string[] Strings(Dictionary<string, RespValue> fields, string name) =>
        fields.TryGetValue(name, out var value) ? [.. value.Items.Select(i => i.Text ?? "")] : [];

    private static FormatException Unexpected(string what, RespValue reply) => new($"Expected {what}, got {reply}.");
}
