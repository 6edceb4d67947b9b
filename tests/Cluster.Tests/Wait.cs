namespace Disque.Tests;

/// <summary>Waiting in real time for what a test expects to come true, with a generous bound.</summary>
public static class Wait
{
    /// <summary>Polls until the condition holds; real time, generous bound.</summary>
    public static async Task Until(Func<Task<bool>> condition, int seconds = 20, string? what = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not true within {seconds} s: {what ?? "the condition"}.");
            await Task.Delay(50);
        }
    }

    public static Task Until(Func<bool> condition, int seconds = 20, string? what = null) =>
        Until(() => Task.FromResult(condition()), seconds, what);
}
