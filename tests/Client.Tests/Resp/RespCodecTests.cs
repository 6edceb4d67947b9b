using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Disque.Client.Resp;

namespace Disque.Client.Tests.Resp;

/// <summary>The client's RESP2 codec: commands as multibulks, replies read whole however the bytes are split.</summary>
public sealed class RespCodecTests
{
    [Fact]
    public void A_command_is_a_multibulk_of_its_arguments_binary_safe()
    {
        var output = new ArrayBufferWriter<byte>();

        new RespCommand("ADDJOB").Add("q").Add(new byte[] { 0, 13, 10, 255 }).Add(-42).WriteTo(output);

        Assert.Equal("*4\r\n$6\r\nADDJOB\r\n$1\r\nq\r\n$4\r\n\0\r\n\xff\r\n$3\r\n-42\r\n", Encoding.Latin1.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(100_000)]
    public void Arguments_of_any_size_go_out_whole(int size)
    {
        var body = new byte[size];
        new Random(size).NextBytes(body);
        var output = new ArrayBufferWriter<byte>(16);

        new RespCommand("ADDJOB").Add("q").Add(body).Add(0).WriteTo(output);

        byte[] expected = [.. Encoding.ASCII.GetBytes($"*4\r\n$6\r\nADDJOB\r\n$1\r\nq\r\n${size}\r\n"), .. body, .. "\r\n$1\r\n0\r\n"u8];
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    public static TheoryData<string, string> Replies => new()
    {
        { "+D-1234\r\n", "D-1234" },
        { "-NOJOB Job not known\r\n", "-NOJOB Job not known" },
        { ":-7\r\n", ":-7" },
        { "$5\r\nhe\r\nl\r\n", "he\r\nl" },
        { "$0\r\n\r\n", "" },
        { "$-1\r\n", "(nil)" },
        { "*-1\r\n", "(nil)" },
        { "*0\r\n", "[]" },
        { "*2\r\n*3\r\n$1\r\nq\r\n$2\r\nid\r\n$1\r\nb\r\n*2\r\n:1\r\n$-1\r\n", "[[q, id, b], [:1, (nil)]]" },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Each_kind_of_reply_is_read_whole_from_any_split(string wire, string expected)
    {
        var bytes = Encoding.Latin1.GetBytes(wire);
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var sequence = Split(bytes, cut);
            // Every proper prefix is not a reply yet; the reader stays where it was.
            var partial = new SequenceReader<byte>(sequence.Slice(0, Math.Max(0, cut - 1)));
            Assert.False(RespParser.TryRead(ref partial, out _));
            Assert.Equal(0, partial.Consumed);

            var reader = new SequenceReader<byte>(sequence);
            Assert.True(RespParser.TryRead(ref reader, out var value), $"cut at {cut}");
            Assert.Equal(expected, value.ToString());
            Assert.True(reader.End);
        }
    }

    [Fact]
    public void Pipelined_replies_are_read_one_after_another()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("+OK\r\n:2\r\n$1\r\nx\r\n$3\r\nab"u8.ToArray()));
        var values = new List<string>();
        while (RespParser.TryRead(ref reader, out var value))
            values.Add(value.ToString());

        Assert.Equal(["OK", ":2", "x"], values);
        Assert.Equal(6, reader.Remaining); // the incomplete fourth waits for more bytes
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData("$3\r\nabcd\r\n")]
    [InlineData("*1x\r\n")]
    public void Bytes_that_are_not_RESP_are_a_protocol_error(string wire)
    {
        Assert.Throws<RespProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(wire)));
            RespParser.TryRead(ref reader, out _);
        });
    }

    [Fact]
    public void A_line_that_never_ends_is_a_protocol_error()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("+" + new string('a', RespParser.MaxLineLength + 1))));
        try
        {
            RespParser.TryRead(ref reader, out _);
            Assert.Fail("no protocol error");
        }
        catch (RespProtocolException)
        {
        }
    }

    [Fact]
    public void The_null_array_and_the_null_bulk_are_both_null_and_told_apart()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("*-1\r\n$-1\r\n*1\r\n*-1\r\n"u8.ToArray()));

        Assert.True(RespParser.TryRead(ref reader, out var array));
        Assert.True(RespParser.TryRead(ref reader, out var bulk));
        Assert.True(RespParser.TryRead(ref reader, out var nested));

        Assert.True(array.IsNull && array.IsNullArray);
        Assert.True(bulk.IsNull && !bulk.IsNullArray);
        Assert.True(nested.Items.Single().IsNullArray);
    }

    [Fact]
    public void HELLO_ports_and_priorities_come_as_bulk_digits()
    {
        Assert.Equal(7711, RespValue.Bulk("7711"u8.ToArray()).ToInt64());
        Assert.Throws<FormatException>(() => RespValue.Bulk("x"u8.ToArray()).ToInt64());
    }

    /// <summary>The bytes as a pipe hands them to a reader after two writes, cut at <paramref name="cut"/>: two segments.</summary>
    private static ReadOnlySequence<byte> Split(byte[] bytes, int cut)
    {
        var pipe = new Pipe();
        pipe.Writer.Write(bytes.AsSpan(0, cut));
        // Asking for more room than the first segment has left starts a second one.
        pipe.Writer.GetMemory(64 * 1024);
        pipe.Writer.Write(bytes.AsSpan(cut));
        pipe.Writer.FlushAsync().AsTask().Wait();
        Assert.True(pipe.Reader.TryRead(out var read));
        Assert.True(cut == 0 || cut == bytes.Length || !read.Buffer.IsSingleSegment);
        return read.Buffer;
    }
}
