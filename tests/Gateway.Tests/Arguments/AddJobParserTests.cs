using Disque.Gateway.Arguments;

namespace Disque.Gateway.Tests.Arguments;

public class AddJobParserTests
{
    private static Outcome<JobSpec> Parse(params string[] words) =>
        AddJobParser.Parse(new StringArgs(["ADDJOB", .. words]));

    [Fact]
    public void Takes_the_defaults_when_no_option_is_given()
    {
        var spec = Parse("q", "body", "0").Value!;

        Assert.Equal("q", spec.Queue);
        Assert.Equal("body"u8.ToArray(), spec.Body);
        Assert.Equal(0, spec.TimeoutMs);
        Assert.Equal(0, spec.Replicate);
        Assert.Equal(-1, spec.RetrySeconds);
        Assert.Equal(86400, spec.TtlSeconds);
        Assert.Equal(0, spec.DelaySeconds);
        Assert.Equal(0, spec.MaxLen);
        Assert.False(spec.Async);
    }

    [Fact]
    public void Reads_every_option_in_any_order_and_case()
    {
        var spec = Parse("q", "b", "500", "ttl", "100", "Retry", "5", "DELAY", "2", "replicate", "2", "MAXLEN", "9", "async").Value!;

        Assert.Equal(500, spec.TimeoutMs);
        Assert.Equal(100, spec.TtlSeconds);
        Assert.Equal(5, spec.RetrySeconds);
        Assert.Equal(2, spec.DelaySeconds);
        Assert.Equal(2, spec.Replicate);
        Assert.Equal(9, spec.MaxLen);
        Assert.True(spec.Async);
    }

    [Fact]
    public void The_last_repeat_of_an_option_wins() =>
        Assert.Equal(7, Parse("q", "b", "0", "TTL", "5", "TTL", "7").Value!.TtlSeconds);

    [Theory]
    [InlineData("ERR REPLICATE must be between 1 and 65535", "REPLICATE", "0")]
    [InlineData("ERR REPLICATE must be between 1 and 65535", "REPLICATE", "65536")]
    [InlineData("ERR REPLICATE must be between 1 and 65535", "REPLICATE", "x")]
    [InlineData("ERR TTL must be a number > 0", "TTL", "0")]
    [InlineData("ERR TTL must be a number > 0", "TTL", "-5")]
    [InlineData("ERR RETRY time must be a non negative number", "RETRY", "-1")]
    [InlineData("ERR DELAY time must be a non negative number", "DELAY", "abc")]
    [InlineData("ERR MAXLEN must be a positive number", "MAXLEN", "0")]
    [InlineData("ERR syntax error", "BOGUS", "1")]
    [InlineData("ERR syntax error", "TTL")] // a valued option with nothing after it
    public void Bad_options_get_Disque_errors(string error, params string[] options) =>
        Assert.Equal(error, Parse(["q", "b", "0", .. options]).Error!.ToString());

    [Theory]
    [InlineData("ERR timeout is not an integer or out of range", "soon")]
    [InlineData("ERR timeout is negative", "-1")]
    public void Bad_timeouts_get_Disque_errors(string error, string timeout) =>
        Assert.Equal(error, Parse("q", "b", timeout).Error!.ToString());

    [Fact]
    public void Option_errors_win_over_timeout_errors() =>
        Assert.Equal("ERR TTL must be a number > 0", Parse("q", "b", "soon", "TTL", "0").Error!.ToString());

    [Fact]
    public void An_empty_timeout_reads_as_zero_like_strtoll() =>
        Assert.Equal(0, Parse("q", "b", "").Value!.TimeoutMs);

    [Fact]
    public void TRACEPARENT_is_ours_it_names_the_producers_span_and_changes_nothing_of_the_job()
    {
        const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var traced = Parse("q", "b", "0", "REPLICATE", "2", "traceparent", Parent, "ASYNC").Value!;
        var plain = Parse("q", "b", "0", "REPLICATE", "2", "ASYNC").Value!;

        Assert.Equal(plain with { Body = traced.Body }, traced);
        var context = AddJobParser.TraceParent(new StringArgs("ADDJOB", "q", "b", "0", "REPLICATE", "2", "TRACEPARENT", Parent, "ASYNC"));
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", context.SpanId.ToHexString());
        Assert.Equal(2, AddJobParser.Replicate(new StringArgs("ADDJOB", "q", "b", "0", "REPLICATE", "2", "TRACEPARENT", Parent)));
        // Not a traceparent: ignored, the job is still taken. Without its value: Disque's syntax error, as any option.
        Assert.Equal(default, AddJobParser.TraceParent(new StringArgs("ADDJOB", "q", "b", "0", "TRACEPARENT", "nonsense")));
        Assert.Null(Parse("q", "b", "0", "TRACEPARENT", "nonsense").Error);
        Assert.Equal(DisqueError.Syntax, Parse("q", "b", "0", "TRACEPARENT").Error);
    }
}
