namespace Disque.Hosting.Health;

/// <summary>How long each health check waits for a dependency before it answers that it is not ready.</summary>
public static class HealthBounds
{
    /// <summary>
    /// A check's bound. The checks run side by side, so /ready answers within about this
    /// long whatever hangs; probes give it more (3 s in docker-compose.yml and in the
    /// README's Kubernetes notes), so a hanging dependency reads as "not ready", with the
    /// reason, rather than as a probe that timed out.
    /// </summary>
    public static readonly TimeSpan Answer = TimeSpan.FromSeconds(2);
}
