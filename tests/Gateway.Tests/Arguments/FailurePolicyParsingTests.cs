using Disque.Gateway.Arguments;

namespace Disque.Gateway.Tests.Arguments;

/// <summary>Ours, beyond Disque: ADDJOB's PRIORITY, MAXDELIVERIES, DEADLETTER and BACKOFF, and NACKJOB / FAILJOB.</summary>
public class FailurePolicyParsingTests
{
    private const string OneId = "D-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1";

    private static Outcome<JobSpec> AddJob(params string[] words) => AddJobParser.Parse(new StringArgs(["ADDJOB", .. words]));

    private static Outcome<(JobId[] Ids, JobVerdict Verdict)> Verdict(bool forGood, params string[] words) =>
        VerdictParser.Parse(new StringArgs([forGood ? "FAILJOB" : "NACKJOB", .. words]), forGood);

    [Fact]
    public void A_job_without_the_options_carries_no_extras()
    {
        var spec = AddJob("q", "b", "0", "RETRY", "5").Value!;

        Assert.Null(JobExtras.From(spec));
    }

    [Fact]
    public void Reads_the_policy_among_Disques_options_in_any_order_and_case()
    {
        var spec = AddJob("q", "b", "0", "priority", "7", "RETRY", "5", "BackOff", "2", "60", "MAXDELIVERIES", "4", "deadletter", "graveyard", "ASYNC").Value!;

        Assert.Equal(7, spec.Priority);
        Assert.Equal(4, spec.MaxDeliveries);
        Assert.Equal("graveyard", spec.DeadLetter);
        Assert.Equal(new Backoff(2, 60), spec.Backoff);
        Assert.Equal(5, spec.RetrySeconds);
        Assert.True(spec.Async);
        Assert.Equal(new JobExtras { Priority = 7, MaxDeliveries = 4, DeadLetter = "graveyard", Backoff = new Backoff(2, 60) }, JobExtras.From(spec));
    }

    [Theory]
    [InlineData("PRIORITY", "-1")]
    [InlineData("PRIORITY", "1001")]
    [InlineData("PRIORITY", "high")]
    public void A_priority_outside_0_to_1000_is_refused(string option, string value) =>
        Assert.Equal(DisqueError.BadPriority, AddJob("q", "b", "0", option, value).Error);

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1000001")]
    public void Max_deliveries_must_be_from_1_to_a_million(string value) =>
        Assert.Equal(DisqueError.BadMaxDeliveries, AddJob("q", "b", "0", "MAXDELIVERIES", value).Error);

    [Theory]
    [InlineData("10", "5")]
    [InlineData("0", "5")]
    [InlineData("x", "5")]
    [InlineData("1", "31536001")]
    public void A_backoff_cap_below_its_base_or_a_base_below_a_second_is_refused(string baseSeconds, string cap) =>
        Assert.Equal(DisqueError.BadBackoff, AddJob("q", "b", "0", "BACKOFF", baseSeconds, cap).Error);

    [Fact]
    public void A_backoff_without_its_cap_is_a_syntax_error() =>
        Assert.Equal(DisqueError.Syntax, AddJob("q", "b", "0", "BACKOFF", "1").Error);

    [Fact]
    public void The_dead_letter_queue_may_not_be_the_queue_itself() =>
        Assert.Equal(DisqueError.DeadLetterIsQueue, AddJob("orders", "b", "0", "DEADLETTER", "orders").Error);

    [Fact]
    public void Options_after_a_backoff_are_still_read_for_the_commands_span() =>
        Assert.Equal(3, AddJobParser.Replicate(new StringArgs("ADDJOB", "q", "b", "0", "BACKOFF", "1", "9", "REPLICATE", "3")));

    [Fact]
    public void Nackjob_reads_ids_then_its_options()
    {
        var id = OneId;
        var parsed = Verdict(false, id, "DELAY", "30", "REASON", "upstream 503").Value;

        Assert.Equal([JobId.Parse(id)], parsed.Ids);
        Assert.Equal(new JobVerdict { DelaySeconds = 30, Reason = "upstream 503" }, parsed.Verdict);
    }

    [Fact]
    public void Failjob_takes_a_reason_but_no_delay()
    {
        var id = OneId;

        Assert.Equal(new JobVerdict { ForGood = true, Reason = "bad input" }, Verdict(true, id, "REASON", "bad input").Value.Verdict);
        Assert.Equal(DisqueError.BadId, Verdict(true, id, "DELAY", "3").Error);
    }

    [Theory]
    [InlineData("DELAY", "-1")]
    [InlineData("DELAY", "soon")]
    public void A_bad_delay_is_refused_as_Disque_refuses_one(string option, string value) =>
        Assert.Equal(DisqueError.BadDelay, Verdict(false, OneId, option, value).Error);

    [Fact]
    public void An_option_without_its_value_or_a_stray_word_after_the_options_is_a_syntax_error()
    {
        Assert.Equal(DisqueError.Syntax, Verdict(false, OneId, "REASON").Error);
        Assert.Equal(DisqueError.Syntax, Verdict(false, OneId, "DELAY", "1", "later").Error);
    }

    [Fact]
    public void A_malformed_id_is_BADID_and_a_reason_over_1024_bytes_is_refused()
    {
        Assert.Equal(DisqueError.BadId, Verdict(false, "D-nope", "REASON", "x").Error);
        Assert.Equal(DisqueError.BadReason, Verdict(false, OneId, "REASON", new string('x', 1025)).Error);
    }
}
