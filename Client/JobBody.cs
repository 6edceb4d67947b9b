using System.Buffers;
using System.Text.Json;

namespace Disque.Client;

/// <summary>
/// The body of a job meant for a worker host (Disque.Client.Hosting): JSON
/// <c>{"name": "...", "payload": ...}</c>, the name choosing the handler. Producers
/// make bodies with <see cref="Create{T}"/>; workers read them with <see cref="TryRead"/>.
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
}
