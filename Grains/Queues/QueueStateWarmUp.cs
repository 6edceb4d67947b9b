using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Disque.Queues;

/// <summary>
/// At start, turns a queue's saved state into bytes and back once with the grain storage's
/// serializer, in memory (nothing is stored): the first queue that saves its counters then
/// does not pay, inside its own turn, for that serializer's first use (issue 10, warm start:
/// Orleans' JSON storage serializer compiled some 380 methods of Newtonsoft.Json there,
/// within the first second of traffic).
/// </summary>
public sealed class QueueStateWarmUp(IServiceProvider services, ILogger<QueueStateWarmUp> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The storage providers take the silo's serializer unless told otherwise.
        if (services.GetService<IGrainStorageSerializer>() is not { } serializer)
            return Task.CompletedTask;
        try
        {
            var state = new QueueState { PauseVersion = 1, Counters = { ["warm-up"] = (1, 1) }, Retired = (1, 1) };
            serializer.Deserialize<QueueState>(serializer.Serialize(state));
        }
        catch (Exception error)
        {
            log.LogWarning(error, "The queue state's serializer could not be warmed up at start");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
