using System.Text;
using Disque.Gateway.Arguments;

namespace Disque.Gateway.Tests.Arguments;

public class IntegersTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("12", 12L)]
    [InlineData("-7", -7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Strict_reads_plain_numbers(string text, long expected)
    {
        Assert.True(Integers.TryParseStrict(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData("-0")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1x")]
    [InlineData("9223372036854775808")]
    public void Strict_refuses_what_Redis_refuses(string text) =>
        Assert.False(Integers.TryParseStrict(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData("", 0L)] // strtoll reads nothing as 0
    [InlineData("+5", 5L)]
    [InlineData("007", 7L)]
    [InlineData("-0", 0L)]
    [InlineData("-12", -12L)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Lenient_reads_what_strtoll_reads(string text, long expected)
    {
        Assert.True(Integers.TryParseLenient(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("0x10")]
    [InlineData("1.5")]
    [InlineData("-")]
    [InlineData("9223372036854775808")]
    public void Lenient_refuses_trailing_junk_and_overflow(string text) =>
        Assert.False(Integers.TryParseLenient(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData("", 0UL)]
    [InlineData("0", 0UL)]
    [InlineData("+0", 0UL)]
    [InlineData("-0", 0UL)]
    [InlineData("42", 42UL)]
    [InlineData("-1", ulong.MaxValue)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void Cursors_read_as_strtoul_reads_them(string text, ulong expected)
    {
        Assert.True(Integers.TryParseCursor(Encoding.ASCII.GetBytes(text), out var cursor));
        Assert.Equal(expected, cursor);
    }

    [Theory]
    [InlineData(" 0")]
    [InlineData("0 ")]
    [InlineData("-")]
    [InlineData("+-1")]
    [InlineData("x")]
    [InlineData("18446744073709551616")]
    public void Cursors_refuse_blanks_junk_and_overflow(string text) =>
        Assert.False(Integers.TryParseCursor(Encoding.ASCII.GetBytes(text), out _));
}
