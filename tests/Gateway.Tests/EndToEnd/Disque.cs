using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>Small helpers over StackExchange.Redis for Disque's commands.</summary>
internal static class DisqueCalls
{
    public static string NewQueue(string prefix = "q") => $"{prefix}-{Guid.NewGuid():N}";

    public static async Task<string> AddJob(this IDatabase db, string queue, string body, params object[] options) =>
        (string)(await db.ExecuteAsync("ADDJOB", [queue, body, 0, .. options]))!;

    public static Task<RedisResult> Run(this IDatabase db, string command, params object[] args) => db.ExecuteAsync(command, args);

    /// <summary>GETJOB's jobs as [queue, id, body, ...] string arrays; empty for the null reply.</summary>
    public static async Task<string[][]> GetJobs(this IDatabase db, params object[] args)
    {
        var reply = await db.ExecuteAsync("GETJOB", args);
        return reply.IsNull ? [] : ((RedisResult[])reply!).Select(Strings).ToArray();
    }

    public static string[] Strings(RedisResult result) => ((RedisResult[])result!).Select(r => (string)r!).ToArray();

    /// <summary>A flat name/value reply (SHOW, QSTAT) as a dictionary.</summary>
    public static Dictionary<string, RedisResult> Pairs(RedisResult result)
    {
        var items = (RedisResult[])result!;
        return Enumerable.Range(0, items.Length / 2).ToDictionary(i => (string)items[2 * i]!, i => items[2 * i + 1]);
    }

    public static async Task<Dictionary<string, RedisResult>> Show(this IDatabase db, string id) => Pairs(await db.ExecuteAsync("SHOW", id));

    public static async Task<string> ErrorOf(this IDatabase db, string command, params object[] args)
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync(command, args));
        return error.Message;
    }

    /// <summary>The error a command answers, or null when it succeeds.</summary>
    public static async Task<string?> RefusalOf(this IDatabase db, string command, params object[] args)
    {
        try
        {
            await db.ExecuteAsync(command, args);
            return null;
        }
        catch (RedisServerException error)
        {
            return error.Message;
        }
    }

    /// <summary>Until QSTAT counts <paramref name="count"/> clients blocked on the queue.</summary>
    public static Task UntilBlocked(this IDatabase db, string queue, long count = 1) =>
        Eventually(async () => await db.Run("QSTAT", queue) is { IsNull: false } stat && (long)Pairs(stat)["blocked"] == count);

    /// <summary>Polls until the condition holds; real time, generous bound.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true in time.");
            await Task.Delay(50);
        }
    }
}
