using Microsoft.Extensions.DependencyInjection;

namespace Disque.Client.Hosting;

/// <summary>Finds a job's handler by the name in its body and runs it in a DI scope of its own.</summary>
internal sealed class JobDispatch(IReadOnlyDictionary<string, JobHandler> handlers, IServiceScopeFactory scopes)
{
    /// <summary>Null when the handler succeeded; else why the job failed (a body that is not JSON, a name no handler has, the handler's exception).</summary>
    public async Task<Exception?> Run(Job job, CancellationToken abandon)
    {
        try
        {
            if (!JobBody.TryRead(job.Body, out var name, out var payload))
                throw new FormatException($"Job {job.Id}'s body is not a JSON {{\"name\": ..., \"payload\": ...}} object.");
            if (!handlers.TryGetValue(name, out var handler))
                throw new InvalidOperationException($"No handler for jobs named '{name}'.");
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
                await handler(new JobContext(job, name, payload, scope.ServiceProvider), abandon).ConfigureAwait(false);
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }
}
