using Disque.Client;

namespace Disque.Samples;

/// <summary>A task to download a page (the sample worker only pretends to).</summary>
public sealed record Download(string Url);

/// <summary>A task that does something else with a number.</summary>
public sealed record Foo(int N);

/// <summary>What the producers enqueue and the worker runs: the queue, and bodies for the worker host.</summary>
public static class SampleTasks
{
    /// <summary>The queue, unless <c>--queue</c> names another.</summary>
    public const string DefaultQueue = "tasks";

    /// <summary>Tasks <c>count</c> times: one "download" and one "foo" each time.</summary>
    public static IEnumerable<(string Name, byte[] Body)> Make(int count)
    {
        for (var n = 0; n < count; n++)
        {
            yield return ("download", JobBody.Create("download", new Download($"https://example.com/page/{n}")));
            yield return ("foo", JobBody.Create("foo", new Foo(n)));
        }
    }

    /// <summary>Enqueues the tasks and prints one line per job, <c>queued NAME ID</c>.</summary>
    public static async Task Enqueue(IDisqueClient client, string queue, int count)
    {
        foreach (var (name, body) in Make(count))
        {
            var id = await client.AddJobAsync(queue, body);
            Console.WriteLine($"queued {name} {id}");
        }
    }
}
