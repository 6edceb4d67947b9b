using Disque.Client.Resp;

namespace Disque.Dashboard.Reading;

/// <summary>
/// SHOW's fields of issue 21 (ours, after the others, only for a job with a UNIQUE key, an AFTER
/// or a BATCH): Disque.Client's <c>JobDetails</c> does not carry them, so the dashboard reads them
/// from SHOW's reply itself.
/// </summary>
internal sealed record JobCoordination(IReadOnlyList<string> WaitsFor, string OnFail, string? Batch, string? UniqueKey, long UniqueForSeconds)
{
    private static readonly string[] Names = ["unique-key", "unique-for", "waits-for", "on-fail", "batch"];

    /// <summary>Whether the job was made with AFTER or BATCH: it has waits (none left once its parents ended), not only a key.</summary>
    public bool Waits => WaitsFor.Count > 0 || Batch is not null || UniqueKey is null;

    /// <summary>The fields of SHOW's reply read by name; null when the reply has none of them (a job with no key, AFTER or batch).</summary>
    public static JobCoordination? Of(IReadOnlyDictionary<string, RespValue>? fields)
    {
        if (fields is null || !Names.Any(fields.ContainsKey))
            return null;
        return new JobCoordination(
            fields.TryGetValue("waits-for", out var waits) && !waits.IsNull ? [.. waits.Items.Select(i => i.Text ?? "")] : [],
            Text(fields, "on-fail") ?? "cancel",
            Text(fields, "batch"),
            Text(fields, "unique-key"),
            fields.TryGetValue("unique-for", out var uniqueFor) && !uniqueFor.IsNull ? uniqueFor.ToInt64() : 0);
    }

    private static string? Text(IReadOnlyDictionary<string, RespValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && !value.IsNull ? value.Text : null;
}
