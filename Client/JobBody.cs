using System.Buffers;
using System.Diagnostics;
using System.Text.Json;

namespace Disque.Client;

/// <summary>
/// The body of a job meant for a worker host (Disque.Client.Hosting): JSON
/// <c>{"name": "...", "payload": ...}</c>, the name choosing the handler. Producers
/// make bodies with <see cref="Create{T}"/>; workers read them with <see cref="TryRead"/>.
/// While the producer is traced, <see cref="DisqueClient.AddJobAsync"/> puts its span's W3C
/// trace context first in such a body, <c>{"traceparent": "00-...", "name": ...}</c>, and
/// the worker host reads it back (<see cref="TryReadTraceContext"/>): the context travels
/// with the job's own bytes, so no Disque command or reply changes, and it reaches the
/// worker through real Disque too. Other bodies are sent as they are and carry none.
/// </summary>
public static class JobBody
{
    public static byte[] Create<T>(string name, T payload, JsonSerializerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WritePropertyName("payload");
            JsonSerializer.Serialize(json, payload, options);
            json.WriteEndObject();
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The name and payload of a body; false when it is not such a JSON object. A missing payload reads as JSON null.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> body, out string name, out JsonElement payload)
    {
        (name, payload) = ("", default);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("name", out var named) || named.ValueKind != JsonValueKind.String)
                return false;
            name = named.GetString()!;
            payload = root.TryGetProperty("payload", out var given) ? given.Clone() : JsonSerializer.SerializeToElement<object?>(null);
            return name.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<byte> EnvelopeStart => "{\"name\":"u8;
    private static ReadOnlySpan<byte> TracedStart => "{\"traceparent\":"u8;

    /// <summary>
    /// The body with <paramref name="span"/>'s trace context first, when it is a body
    /// <see cref="Create{T}"/> made (and carries none yet); any other body as it is.
    /// </summary>
    public static ReadOnlyMemory<byte> WithTraceContext(ReadOnlyMemory<byte> body, Activity span)
    {
        if (!body.Span.StartsWith(EnvelopeStart))
            return body;
        var output = new ArrayBufferWriter<byte>(body.Length + 128);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("traceparent", span.Id);
            if (!string.IsNullOrEmpty(span.TraceStateString))
                json.WriteString("tracestate", span.TraceStateString);
            json.WriteEndObject();
        }
        // {"traceparent":"..."} + , + the body without its opening brace.
        var traced = new byte[output.WrittenCount - 1 + 1 + body.Length - 1];
        output.WrittenSpan[..^1].CopyTo(traced);
        traced[output.WrittenCount - 1] = (byte)',';
        body.Span[1..].CopyTo(traced.AsSpan(output.WrittenCount));
        return traced;
    }

    /// <summary>The producer's trace context a body carries (see <see cref="WithTraceContext"/>); false when it carries none.</summary>
    public static bool TryReadTraceContext(ReadOnlySpan<byte> body, out ActivityContext context)
    {
        context = default;
        if (!body.StartsWith(TracedStart))
            return false;
        string? parent = null, state = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isParent = reader.ValueTextEquals("traceparent"u8);
                var isState = reader.ValueTextEquals("tracestate"u8);
                if (!isParent && !isState)
                    break;
                reader.Read();
                (isParent ? ref parent : ref state) = reader.GetString();
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            return false;
        }
        return parent is not null && ActivityContext.TryParse(parent, state, isRemote: true, out context);
    }
}
