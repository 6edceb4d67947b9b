using System.Diagnostics.Metrics;

namespace Disque.Gateway.Monitoring;

/// <summary>
/// CLUSTER INFO's cluster_stats_messages_sent and _received: the messages this silo
/// sent to and received from other silos, counted from Orleans' own messaging
/// instruments (one measurement of a message's size per message).
/// </summary>
public sealed class ClusterMessages : IDisposable
{
    private const string Sent = "orleans-messaging-sent-messages-size";
    private const string Received = "orleans-messaging-received-messages-size";

    private readonly MeterListener _listener = new();
    private long _sent, _received;

    public ClusterMessages()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is Sent or Received)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => Count(instrument));
        _listener.SetMeasurementEventCallback<int>((instrument, _, _, _) => Count(instrument));
        _listener.Start();
    }

    public long MessagesSent => Interlocked.Read(ref _sent);

    public long MessagesReceived => Interlocked.Read(ref _received);

    private void Count(Instrument instrument)
    {
        if (instrument.Name == Sent)
            Interlocked.Increment(ref _sent);
        else
            Interlocked.Increment(ref _received);
    }

    public void Dispose() => _listener.Dispose();
}
