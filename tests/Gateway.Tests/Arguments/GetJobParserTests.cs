using Disque.Gateway.Arguments;

namespace Disque.Gateway.Tests.Arguments;

public class GetJobParserTests
{
    private static Outcome<GetJobSpec> Parse(params string[] words) =>
        GetJobParser.Parse(new StringArgs(["GETJOB", .. words]));

    [Fact]
    public void Reads_options_then_queues()
    {
        var spec = Parse("nohang", "TIMEOUT", "100", "COUNT", "3", "withcounters", "FROM", "a", "b").Value!;

        Assert.True(spec.NoHang);
        Assert.True(spec.WithCounters);
        Assert.Equal(100, spec.TimeoutMs);
        Assert.Equal(3, spec.Count);
        Assert.Equal(["a", "b"], spec.Queues);
    }

    [Fact]
    public void Words_after_FROM_are_queue_names() =>
        Assert.Equal(["NOHANG", "FROM"], Parse("FROM", "NOHANG", "FROM").Value!.Queues);

    [Fact]
    public void Defaults_are_one_job_blocking_forever()
    {
        var spec = Parse("FROM", "q").Value!;

        Assert.Equal(1, spec.Count);
        Assert.Equal(0, spec.TimeoutMs);
        Assert.False(spec.NoHang);
    }

    [Theory]
    [InlineData("ERR COUNT must be a number greater than zero", "COUNT", "0", "FROM", "q")]
    [InlineData("ERR COUNT must be a number greater than zero", "COUNT", "-2", "FROM", "q")]
    [InlineData("ERR timeout is not an integer or out of range", "TIMEOUT", "x", "FROM", "q")]
    [InlineData("ERR timeout is negative", "TIMEOUT", "-5", "FROM", "q")]
    [InlineData("ERR syntax error", "NOHANG")]
    [InlineData("ERR syntax error", "FROM")]
    [InlineData("ERR syntax error", "COUNT")]
    [InlineData("ERR syntax error", "BOGUS", "FROM", "q")]
    public void Bad_requests_get_Disque_errors(string error, params string[] words) =>
        Assert.Equal(error, Parse(words).Error!.ToString());
}
