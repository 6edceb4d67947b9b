using System.Buffers;
using System.Text;
using Disque.Gateway.Resp;

namespace Disque.Gateway.Tests.Resp;

public class RespWriterTests
{
    /// <summary>A buffer writer that hands out spans exactly as large as asked: writing past them throws.</summary>
    private sealed class TightWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();
        private int _asked;

        public string Text => Encoding.ASCII.GetString(_inner.WrittenSpan);

        public void Advance(int count)
        {
            Assert.InRange(count, 0, _asked);
            _inner.Advance(count);
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(_asked = Math.Max(sizeHint, 1))[.._asked];

        public Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(_asked = Math.Max(sizeHint, 1))[.._asked];
    }

    private static string Written(Action<RespWriter> write)
    {
        var output = new TightWriter();
        write(new RespWriter(output));
        return output.Text;
    }

    [Fact]
    public void Job_ids_fit_the_space_they_ask_for()
    {
        var id = JobId.Parse("D-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1");

        Assert.Equal("$40\r\nD-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1\r\n", Written(w => w.WriteJobId(id, bulk: true)));
        Assert.Equal("+D-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1\r\n", Written(w => w.WriteJobId(id, bulk: false)));
    }

    [Theory]
    [InlineData(0L, ":0\r\n")]
    [InlineData(long.MinValue, ":-9223372036854775808\r\n")]
    public void Integers_of_any_size_fit(long value, string expected) => Assert.Equal(expected, Written(w => w.WriteInteger(value)));

    [Fact]
    public void Every_reply_shape_is_RESP2()
    {
        Assert.Equal("+OK\r\n", Written(w => w.WriteStatus("OK")));
        Assert.Equal("-ERR syntax error\r\n", Written(w => w.WriteError("ERR syntax error")));
        Assert.Equal("$5\r\nh\r\nl\0\r\n", Written(w => w.WriteBulk("h\r\nl\0"u8)));
        Assert.Equal("$-1\r\n*-1\r\n*2\r\n", Written(w => { w.WriteNullBulk(); w.WriteNullArray(); w.WriteArrayHeader(2); }));
        Assert.Equal("$70000\r\n".Length + 70_000 + 2, Written(w => w.WriteBulk(new byte[70_000])).Length);
    }
}
