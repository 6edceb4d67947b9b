using Disque.Dashboard.Reading;
using Disque.Dashboard.Sampling;

namespace Disque.Dashboard.Hosting;

/// <summary>What the pages are given: one public type (pages are public), its parts internal to the dashboard.</summary>
public sealed class DashboardServices
{
    internal DashboardServices(DisqueCalls disque, DashboardConnection connection, ClusterHistory cluster, QueueHistory queues, TimeProvider time) =>
        (Disque, Connection, Cluster, Queues, Time) = (disque, connection, cluster, queues, time);

    internal DisqueCalls Disque { get; }

    internal DashboardConnection Connection { get; }

    internal ClusterHistory Cluster { get; }

    internal QueueHistory Queues { get; }

    internal TimeProvider Time { get; }
}
