using System.Buffers;
using System.Text;
using Disque.Gateway.Resp;

namespace Disque.Gateway.Tests.Resp;

public class RespReaderTests
{
    private static readonly ProtocolLimits Limits = new();

    private static List<string[]> ReadAll(byte[] bytes, ProtocolLimits? limits = null)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var request = new RespRequest();
        var commands = new List<string[]>();
        while (RespReader.TryRead(ref buffer, request, limits ?? Limits, out var error) is var status && status != ReadStatus.Incomplete)
        {
            Assert.Null(error);
            Assert.Equal(ReadStatus.Command, status);
            commands.Add([.. Enumerable.Range(0, request.Count).Select(i => Encoding.UTF8.GetString(request[i]))]);
        }
        Assert.Equal(0, buffer.Length);
        return commands;
    }

    private static string? ErrorOf(string text, ProtocolLimits? limits = null)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));
        var status = RespReader.TryRead(ref buffer, new RespRequest(), limits ?? Limits, out var error);
        Assert.Equal(ReadStatus.Error, status);
        return error?.ToString();
    }

    [Fact]
    public void Reads_a_multibulk_request() =>
        Assert.Equal([["PING"]], ReadAll("*1\r\n$4\r\nPING\r\n"u8.ToArray()));

    [Fact]
    public void Reads_pipelined_requests_in_order()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 50).Select(i => $"*2\r\n$4\r\nQLEN\r\n${i.ToString().Length}\r\n{i}\r\n")));

        var commands = ReadAll(bytes);

        Assert.Equal(50, commands.Count);
        Assert.Equal(["QLEN", "49"], commands[49]);
    }

    [Fact]
    public void A_frame_split_anywhere_is_read_once_whole()
    {
        var bytes = "*3\r\n$6\r\nADDJOB\r\n$1\r\nq\r\n$5\r\nhello\r\n"u8.ToArray();
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var first = new ReadOnlySequence<byte>(bytes, 0, cut);
            var request = new RespRequest();
            Assert.Equal(ReadStatus.Incomplete, RespReader.TryRead(ref first, request, Limits, out _));
            // Whole arguments are taken at once; the bytes left are those of the one still arriving.
            var taken = cut - (int)first.Length;

            var rest = Segmented(bytes[taken..], cut - taken);
            Assert.Equal(ReadStatus.Command, RespReader.TryRead(ref rest, request, Limits, out _));
            Assert.Equal(["ADDJOB", "q", "hello"], Enumerable.Range(0, request.Count).Select(i => Encoding.ASCII.GetString(request[i])));
            Assert.Equal(0, rest.Length);
        }
    }

    [Fact]
    public void Requests_arriving_a_byte_at_a_time_read_as_when_whole()
    {
        var bytes = Encoding.ASCII.GetBytes("*3\r\n$6\r\nADDJOB\r\n$1\r\nq\r\n$5\r\nhel\nl\r\nPING x \"a b\"\r\n*0\r\n*2\r\n$4\r\nQLEN\r\n$10\r\n0123456789\r\n");
        var whole = ReadAll(bytes);

        // As a connection's pipe gives them: what the reader left, then one more byte.
        var request = new RespRequest();
        var pending = Array.Empty<byte>();
        var commands = new List<string[]>();
        foreach (var b in bytes)
        {
            var buffer = new ReadOnlySequence<byte>([.. pending, b]);
            while (RespReader.TryRead(ref buffer, request, Limits, out var error) is var status && status != ReadStatus.Incomplete)
            {
                Assert.Null(error);
                if (request.Count > 0)
                    commands.Add([.. Enumerable.Range(0, request.Count).Select(i => Encoding.UTF8.GetString(request[i]))]);
            }
            pending = buffer.ToArray();
            Assert.True(pending.Length <= 16, "bytes of whole arguments are not kept"); // at most a header or a short argument waits
        }

        Assert.Equal(whole.Where(c => c.Length > 0), commands);
        Assert.Empty(pending);
    }

    [Fact]
    public void A_request_of_many_arguments_costs_its_bytes_however_it_is_split()
    {
        const int Arguments = 200_000;
        var bytes = Encoding.ASCII.GetBytes($"*{Arguments}\r\n" + string.Concat(Enumerable.Repeat("$1\r\nx\r\n", Arguments)));
        var request = new RespRequest();
        var pending = Array.Empty<byte>();
        var kept = 0L;
        for (var at = 0; at < bytes.Length; at += 10)
        {
            var buffer = new ReadOnlySequence<byte>([.. pending, .. bytes.AsSpan(at, Math.Min(10, bytes.Length - at))]);
            var status = RespReader.TryRead(ref buffer, request, Limits, out _);
            Assert.Equal(at + 10 >= bytes.Length ? ReadStatus.Command : ReadStatus.Incomplete, status);
            pending = buffer.ToArray();
            kept = Math.Max(kept, pending.Length);
        }

        Assert.Equal(Arguments, request.Count);
        Assert.InRange(kept, 0, 16); // never the request so far: it is not read again
    }

    [Theory]
    [InlineData("*11\r\n", "ERR Protocol error: unauthenticated multibulk length")]
    [InlineData("*2\r\n$4\r\nAUTH\r\n$16385\r\n", "ERR Protocol error: unauthenticated bulk length")]
    [InlineData("a b c d e f g h i j k\r\n", "ERR Protocol error: unauthenticated multibulk length")]
    public void Before_AUTH_a_request_is_held_to_Redis_figures(string text, string error) =>
        Assert.Equal(error, ErrorOf(text, new ProtocolLimits().BeforeAuth()));

    [Fact]
    public void Before_AUTH_ten_arguments_and_16_KB_are_accepted()
    {
        var limits = new ProtocolLimits().BeforeAuth();
        var big = new string('p', 16 * 1024);
        Assert.Single(ReadAll(Encoding.ASCII.GetBytes($"*2\r\n$4\r\nAUTH\r\n${big.Length}\r\n{big}\r\n"), limits));
        Assert.Single(ReadAll("a b c d e f g h i j\r\n"u8.ToArray(), limits));
    }

    [Fact]
    public void Bodies_are_binary_safe()
    {
        byte[] body = [0, 13, 10, 255, 36, 42, 13, 10, 0];
        var bytes = Encoding.ASCII.GetBytes("*2\r\n$4\r\nECHO\r\n$9\r\n").Concat(body).Concat("\r\n"u8.ToArray()).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);
        var request = new RespRequest();

        Assert.Equal(ReadStatus.Command, RespReader.TryRead(ref buffer, request, Limits, out _));
        Assert.Equal(body, request[1].ToArray());
    }

    [Fact]
    public void Reads_a_one_mebibyte_body_arriving_in_pieces()
    {
        var body = new byte[1 << 20];
        new Random(1).NextBytes(body);
        var bytes = Encoding.ASCII.GetBytes($"*2\r\n$4\r\nECHO\r\n${body.Length}\r\n").Concat(body).Concat("\r\n"u8.ToArray()).ToArray();
        var buffer = Segmented(bytes, 7, 70_000, 500_000, 1_000_000);
        var request = new RespRequest();

        Assert.Equal(ReadStatus.Command, RespReader.TryRead(ref buffer, request, Limits, out _));
        Assert.Equal(body, request[1].ToArray());
    }

    [Fact]
    public void Reads_inline_commands() =>
        Assert.Equal([["PING"], ["ADDJOB", "q", "hello world", "0"], ["QLEN", "q"]],
            ReadAll("PING\r\nADDJOB q \"hello world\" 0\nQLEN   q\r\n"u8.ToArray()));

    [Fact]
    public void Inline_quotes_follow_Redis()
    {
        var commands = ReadAll("SET 'it\\'s' \"a\\tb\\x41\\\"\" '' x\r\n"u8.ToArray());

        // Escapes are read inside quotes; an empty argument is dropped, as Disque drops it.
        Assert.Equal(["SET", "it's", "a\tbA\"", "x"], commands[0]);
    }

    [Fact]
    public void Empty_lines_and_empty_multibulks_are_skipped()
    {
        var buffer = new ReadOnlySequence<byte>("\r\n*0\r\n*-1\r\nPING\r\n"u8.ToArray());
        var request = new RespRequest();
        var seen = new List<int>();
        while (RespReader.TryRead(ref buffer, request, Limits, out _) == ReadStatus.Command)
            seen.Add(request.Count);

        Assert.Equal([0, 0, 0, 1], seen);
    }

    [Theory]
    [InlineData("*abc\r\n", "ERR Protocol error: invalid multibulk length")]
    [InlineData("*1048577\r\n", "ERR Protocol error: invalid multibulk length")]
    [InlineData("*1\r\n$-5\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$x\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$536870913\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n+PING\r\n", "ERR Protocol error: expected '$', got '+'")]
    [InlineData("SET \"unclosed\r\n", "ERR Protocol error: unbalanced quotes in request")]
    [InlineData("SET \"a\"b\r\n", "ERR Protocol error: unbalanced quotes in request")]
    public void Broken_frames_get_Redis_protocol_errors(string text, string error) =>
        Assert.Equal(error, ErrorOf(text));

    [Fact]
    public void An_endless_inline_line_is_refused_at_the_limit()
    {
        var limits = new ProtocolLimits { MaxInlineLength = 1000 };
        Assert.Equal("ERR Protocol error: too big inline request", ErrorOf(new string('a', 1001), limits));
        Assert.Equal("ERR Protocol error: too big mbulk count string", ErrorOf("*" + new string('1', 1001), limits));
    }

    [Fact]
    public void Too_many_arguments_are_refused_from_the_header_alone() =>
        Assert.Equal("ERR Protocol error: invalid multibulk length", ErrorOf("*11\r\n", new ProtocolLimits { MaxArguments = 10 }));

    [Fact]
    public void A_bulk_over_the_limit_is_refused_before_it_arrives() =>
        Assert.Equal("ERR Protocol error: invalid bulk length", ErrorOf("*1\r\n$101\r\n", new ProtocolLimits { MaxBulkLength = 100 }));

    /// <summary>The bytes as a sequence of several segments, cut at the given offsets.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes, params int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Prepend(0).Append(bytes.Length).ToArray();
        Segment? first = null, last = null;
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var memory = bytes.AsMemory(bounds[i], bounds[i + 1] - bounds[i]);
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex) => (Memory, RunningIndex) = (memory, runningIndex);

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
