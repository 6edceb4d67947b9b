namespace Disque.Client.Orleans;

/// <summary>How <see cref="OrleansDisqueClient"/> waits for jobs.</summary>
public sealed class OrleansDisqueClientOptions
{
    /// <summary>
    /// The longest one GetJobs grain call blocks when the wait can be cancelled. A grain
    /// call cannot be withdrawn, so a cancelled wait ends when its current call does.
    /// </summary>
    public TimeSpan BlockSlice { get; set; } = TimeSpan.FromSeconds(1);
}
