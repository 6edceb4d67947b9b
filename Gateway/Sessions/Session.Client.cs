using System.Buffers;
using System.Globalization;
using System.Threading.Channels;
using Disque.Gateway.Resp;

namespace Disque.Gateway.Sessions;

/// <summary>
/// What CLIENT and MONITOR know of a connection: its id, peer, name, age, last
/// command and flags; whether its replies are switched off (CLIENT REPLY); and,
/// once it monitors, the feed of every client's commands. A monitoring client's
/// own replies join that feed, so one writer alone writes its output.
/// </summary>
public sealed partial class Session
{
    private readonly long _createdAt = ClientRegistry.NowSeconds;
    private long _lastInteraction = ClientRegistry.NowSeconds;
    private Channel<byte[]>? _monitorFeed;
    private long _monitorQueued, _monitorInFlight;
    private int _monitorCutOff;
    private bool _replyOff, _skipThis, _skipNext;

    /// <summary>Disque's client id.</summary>
    public long Id { get; private set; }

    /// <summary>ip:port, or [ip]:port for IPv6.</summary>
    public string Peer { get; init; } = "?:0";

    /// <summary>The socket's descriptor, -1 when the transport has none.</summary>
    public long Fd { get; init; } = -1;

    /// <summary>CLIENT SETNAME's name; null when none.</summary>
    public string? Name { get; set; }

    /// <summary>The last command run, lower case, "NULL" before the first.</summary>
    public string LastCommand { get; private set; } = "NULL";

    /// <summary>In a GETJOB that waits for jobs.</summary>
    public bool Blocked { get; set; }

    /// <summary>Set by CLIENT KILL of itself: the reply goes out, then the connection closes.</summary>
    public bool CloseAfterReply { get; set; }

    public bool IsMonitor => _monitorFeed is not null;

    /// <summary>Replies still to be written (INFO's client_longest_output_list).</summary>
    public int PendingReplies => _outstanding.Count;

    /// <summary>Bytes of an incomplete command waiting for the rest (INFO's client_biggest_input_buf).</summary>
    public long UnreadBytes => _unread;

    /// <summary>Output waiting for the client (CLIENT LIST's omem): unsent replies, or a monitor's queued lines.</summary>
    public long OutputBytes => IsMonitor
        ? Interlocked.Read(ref _monitorQueued) + Interlocked.Read(ref _monitorInFlight)
        : transport.Output.UnflushedBytes;

    /// <summary>CLIENT REPLY ON|OFF|SKIP.</summary>
    public void ReplyMode(bool on, bool off, bool skip)
    {
        if (on)
            _replyOff = _skipThis = false;
        _replyOff |= off;
        _skipNext |= skip && !_replyOff;
    }

    /// <summary>CLIENT KILL of another client: its connection is cut at once.</summary>
    public void Kill() => abort();

    /// <summary>CLIENT LIST's line for this client.</summary>
    public string Describe()
    {
        var now = ClientRegistry.NowSeconds;
        var flags = (IsMonitor ? "O" : "") + (Blocked ? "b" : "") + (CloseAfterReply ? "c" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"id={Id} addr={Peer} fd={Fd} name={Name} age={now - _createdAt} idle={now - Interlocked.Read(ref _lastInteraction)} flags={(flags.Length == 0 ? "N" : flags)} qbuf={_unread} qbuf-free=0 obl=0 oll={_outstanding.Count} omem={OutputBytes} events=r cmd={LastCommand}");
    }

    /// <summary>MONITOR: from now on the connection gets every client's commands. False if it already does.</summary>
    public bool StartMonitoring()
    {
        if (_monitorFeed is not null)
            return false;
        _monitorFeed = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        Post("+OK\r\n"u8.ToArray());
        services.Clients.AddMonitor(this);
        _ = PumpMonitorFeed(_monitorFeed.Reader);
        return true;
    }

    public void PostMonitorLine(byte[] line) => Post(line);

    /// <summary>
    /// Queues bytes for a monitoring client. Its output is bounded as any client's: what waits
    /// in the feed and in the connection counts (CLIENT LIST's omem), and a client that lets
    /// more than the output limit wait is cut off at once, since the commands of others that
    /// feed it cannot be held back.
    /// </summary>
    private void Post(byte[] bytes)
    {
        if (_monitorFeed is null || _monitorCutOff != 0)
            return;
        if (Interlocked.Add(ref _monitorQueued, bytes.Length) > services.Limits.MaxOutputBytes)
        {
            CutOffMonitor();
            return;
        }
        _monitorFeed.Writer.TryWrite(bytes);
    }

    private void CutOffMonitor()
    {
        if (Interlocked.Exchange(ref _monitorCutOff, 1) != 0)
            return;
        _monitorFeed!.Writer.TryComplete();
        // Nothing it has not read yet is kept for it.
        while (_monitorFeed.Reader.TryRead(out var dropped))
            Interlocked.Add(ref _monitorQueued, -dropped.Length);
        services.LogSlowClient();
        abort();
    }

    /// <summary>
    /// The one writer of a monitoring client's output: lines in batches, each flush bounded by
    /// the output timeout as an ordinary client's replies are.
    /// </summary>
    private async Task PumpMonitorFeed(ChannelReader<byte[]> feed)
    {
        try
        {
            while (await feed.WaitToReadAsync(closed))
            {
                long batch = 0;
                while (batch < FlushEvery && feed.TryRead(out var line))
                {
                    transport.Output.Write(line);
                    batch += line.Length;
                }
                Interlocked.Exchange(ref _monitorInFlight, batch);
                Interlocked.Add(ref _monitorQueued, -batch);
                services.Stats.BytesOut(batch);
                await FlushWithinTimeout();
                Interlocked.Exchange(ref _monitorInFlight, 0);
            }
        }
        catch (ClientNotReadingException)
        {
            CutOffMonitor();
        }
        catch (Exception error) when (error is OperationCanceledException or InvalidOperationException or System.IO.IOException)
        {
            // The connection went away.
        }
    }

    /// <summary>A monitoring client's own reply joins its feed, in order with the lines.</summary>
    private void PostReply(Reply reply)
    {
        var bytes = new ArrayBufferWriter<byte>();
        reply.WriteTo(new RespWriter(bytes));
        if (bytes.WrittenCount > 0)
            Post(bytes.WrittenSpan.ToArray());
    }

    /// <summary>A command is being run: it is this client's last, and monitors see it (unless Disque hides it).</summary>
    private void Started(Commands.Command command)
    {
        LastCommand = command.LowerName;
        Interlocked.Exchange(ref _lastInteraction, ClientRegistry.NowSeconds);
        if (!command.SkipsMonitor)
            services.Clients.Feed(this, _request);
    }

    /// <summary>Whether the reply of the command just dispatched is dropped (CLIENT REPLY OFF, or SKIP before it).</summary>
    private bool Silenced()
    {
        var silent = _replyOff || _skipThis;
        _skipThis = _skipNext;
        _skipNext = false;
        return silent;
    }
}
