using System.IO.Pipelines;
using System.Text;
using Disque.Client.Resp;

namespace Disque.Client.Tests.Resp;

/// <summary>Replies read one at a time off a connection's bytes, however they arrive, until the server closes.</summary>
public sealed class RespReplyReaderTests
{
    private readonly Pipe _wire = new();

    [Fact]
    public async Task A_reply_in_pieces_is_read_when_its_last_byte_arrives()
    {
        var replies = new RespReplyReader(_wire.Reader);

        var reading = replies.ReadAsync().AsTask();
        await Send("*2\r\n$5\r\nhel");
        Assert.False(reading.IsCompleted);
        await Send("lo\r\n:7\r\n");

        Assert.Equal("[hello, :7]", (await reading).ToString());
    }

    [Fact]
    public async Task Pipelined_replies_come_in_order_and_those_already_here_without_waiting()
    {
        var replies = new RespReplyReader(_wire.Reader);
        await Send("+OK\r\n*-1\r\n-ERR no\r\n");

        Assert.Equal("OK", (await replies.ReadAsync()).ToString());
        Assert.True(replies.TryReadBuffered(out var second));
        Assert.True(second.IsNullArray);
        Assert.True(replies.TryReadBuffered(out var third));
        Assert.Equal("-ERR no", third.ToString());
        Assert.False(replies.TryReadBuffered(out _));
    }

    [Fact]
    public async Task A_cancelled_wait_loses_no_reply()
    {
        var replies = new RespReplyReader(_wire.Reader);
        using var cancel = new CancellationTokenSource();

        var waiting = replies.ReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Send(":1\r\n");

        Assert.Equal(1, (await replies.ReadAsync()).Integer);
    }

    [Fact]
    public async Task After_the_last_reply_the_close_is_the_end_of_the_stream()
    {
        var replies = new RespReplyReader(_wire.Reader);
        await Send("+BYE\r\n");
        await _wire.Writer.CompleteAsync();

        Assert.Equal("BYE", (await replies.ReadAsync()).ToString());
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await replies.ReadAsync());
    }

    [Fact]
    public async Task A_reply_cut_short_by_the_close_is_a_protocol_error()
    {
        var replies = new RespReplyReader(_wire.Reader);
        await Send("$10\r\nabc");
        await _wire.Writer.CompleteAsync();

        await Assert.ThrowsAsync<RespProtocolException>(async () => await replies.ReadAsync());
    }

    private async Task Send(string wire) => await _wire.Writer.WriteAsync(Encoding.ASCII.GetBytes(wire));
}
