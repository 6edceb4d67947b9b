namespace Disque.Cluster;

/// <summary>The grain storage provider Disque's grains keep state in: memory by default, a durable store by configuration.</summary>
public static class DisqueStorage
{
    public const string Name = "disque";
}
