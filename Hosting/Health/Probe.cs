namespace Disque.Hosting.Health;

/// <summary>
/// One question a readiness check puts to a dependency (the membership table, the job
/// store, the journal), answered within a bound: a dependency that hangs makes the check
/// fail after <c>within</c>, never the health endpoint hang. While a question is still
/// unanswered, later checks wait for that same one instead of piling more onto a
/// dependency that does not answer.
/// </summary>
internal sealed class Probe(Func<Task> ask, TimeProvider time)
{
    private readonly Lock _turn = new();
    private Task? _asking;

    /// <summary>Null when the dependency answered within the bound; else what went wrong.</summary>
    public async Task<string?> Ask(TimeSpan within, CancellationToken cancellation)
    {
        try
        {
            await Current().WaitAsync(within, time, cancellation).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            return $"no answer within {within.TotalMilliseconds:0} ms";
        }
        catch (Exception error) when (!cancellation.IsCancellationRequested)
        {
            return $"{error.GetType().Name}: {error.Message}";
        }
    }

    private Task Current()
    {
        lock (_turn)
        {
            if (_asking is { IsCompleted: false } asking)
                return asking;
            return _asking = Task.Run(ask);
        }
    }
}
