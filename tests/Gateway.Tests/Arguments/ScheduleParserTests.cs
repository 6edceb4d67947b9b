using Disque.Gateway.Arguments;

namespace Disque.Gateway.Tests.Arguments;

public class ScheduleParserTests
{
    private static Outcome<ScheduleSpec> Parse(params string[] words) =>
        ScheduleParser.ParseSet(new StringArgs(["SCHEDULE", "SET", .. words]));

    [Fact]
    public void Takes_the_defaults_when_no_option_is_given()
    {
        var spec = Parse("nightly", "0 3 * * *", "q", "body").Value!;

        Assert.Equal(("nightly", "0 3 * * *", "UTC", MissedPolicy.Skip, false, false), (spec.Name, spec.Cron, spec.TimeZone, spec.Missed, spec.NoOverlap, spec.WithTime));
        Assert.Equal("q", spec.Template.Queue);
        Assert.Equal("body"u8.ToArray(), spec.Template.Body);
        Assert.Equal(ScheduleParser.AddJobTimeoutMs, spec.Template.TimeoutMs);
        Assert.Equal(-1, spec.Template.RetrySeconds);
    }

    [Fact]
    public void Reads_its_own_options_then_ADDJOB_s()
    {
        var spec = Parse("s", "*/5 * * * * *", "q", "b", "noOverlap", "tz", "Europe/Berlin", "MISSED", "CatchUp", "WITHTIME",
            "REPLICATE", "2", "RETRY", "5", "TTL", "60", "ASYNC").Value!;

        Assert.Equal(("Europe/Berlin", MissedPolicy.CatchUp, true, true), (spec.TimeZone, spec.Missed, spec.NoOverlap, spec.WithTime));
        Assert.Equal((2, 5L, 60L, true), (spec.Template.Replicate, spec.Template.RetrySeconds, spec.Template.TtlSeconds, spec.Template.Async));
    }

    [Theory]
    [InlineData(new[] { "s", "* * * * *", "q" }, "ERR wrong number of arguments for 'schedule|set' command")]
    [InlineData(new[] { "s", "* * * * *", "q", "b", "TZ" }, "ERR syntax error")]
    [InlineData(new[] { "s", "* * * * *", "q", "b", "MISSED", "later" }, "ERR MISSED must be skip or catchup")]
    [InlineData(new[] { "s", "* * * * *", "q", "b", "REPLICATE", "0" }, "ERR REPLICATE must be between 1 and 65535")]
    [InlineData(new[] { "s", "* * * * *", "q", "b", "TTL", "-1" }, "ERR TTL must be a number > 0")]
    [InlineData(new[] { "s", "* * * * *", "q", "b", "NOSUCH", "1" }, "ERR syntax error")]
    [InlineData(new[] { "s", "* * * * *", "q", "b", "RETRY", "5", "NOOVERLAP" }, "ERR syntax error")]
    public void Refuses_bad_input_in_Disque_s_words(string[] words, string error) =>
        Assert.Equal(error, Parse(words).Error!.ToString());
}
