namespace Disque.Client.Tests.Workers;

/// <summary>
/// A client whose WORKING reaches the node <paramref name="lateBy"/> after it was sent,
/// as over a slow link, while every other command goes at once: a WORKING sent just
/// before a NACK then lands after it, unless the caller waits for it.
/// </summary>
internal sealed class LateWorkingClient(IDisqueClient inner, TimeSpan lateBy) : DelegatingClient(inner)
{
    private int _sent;
    private int _landed;

    /// <summary>WORKINGs sent, and how many of them have reached the node and been answered.</summary>
    public (int Sent, int Landed) Workings => (Volatile.Read(ref _sent), Volatile.Read(ref _landed));

    public override async Task<int> WorkingAsync(string id, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref _sent);
        var landing = Land(id);
        return await landing.WaitAsync(cancellation);
    }

    /// <summary>On the wire already: the caller cannot call it back.</summary>
    private async Task<int> Land(string id)
    {
        try
        {
            await Task.Delay(lateBy, CancellationToken.None);
            return await Inner.WorkingAsync(id, CancellationToken.None);
        }
        finally
        {
            Interlocked.Increment(ref _landed);
        }
    }
}
