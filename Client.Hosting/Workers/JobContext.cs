using System.Text.Json;

namespace Disque.Client.Hosting;

/// <summary>A job as its handler sees it: the job, its name and payload, and the services of a scope of its own.</summary>
public sealed class JobContext(Job job, string name, JsonElement payload, IServiceProvider services)
{
    public Job Job { get; } = job;

    public string Name { get; } = name;

    public JsonElement Payload { get; } = payload;

    /// <summary>A DI scope for this job alone, disposed when the handler returns.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>How often the job was NACKed before (by failures here or elsewhere).</summary>
    public int Nacks => Job.Nacks ?? 0;

    public T PayloadAs<T>(JsonSerializerOptions? options = null) =>
        Payload.Deserialize<T>(options) ?? throw new JsonException($"The payload of job {Job.Id} is null.");
}
