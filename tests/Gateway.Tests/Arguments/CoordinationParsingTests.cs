using Disque.Gateway.Arguments;

namespace Disque.Gateway.Tests.Arguments;

/// <summary>Ours, beyond Disque: ADDJOB's UNIQUE, UNIQUEFOR, AFTER and ONFAIL, read and refused by the rules the README gives.</summary>
public class CoordinationParsingTests
{
    private const string A = "D-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1";
    private const string B = "D-76974e95-ILsYWGIQEDCvrxGBgYKJCY1F-05a1";

    private static Outcome<JobSpec> AddJob(params string[] words) => AddJobParser.Parse(new StringArgs(["ADDJOB", .. words]));

    [Fact]
    public void Reads_a_key_its_window_and_the_jobs_to_wait_for()
    {
        var spec = AddJob("q", "b", "0", "UNIQUE", "invoice-7", "UNIQUEFOR", "60", "AFTER", $"{A},{B}", "ONFAIL", "queue").Value!;

        Assert.Equal(("invoice-7", 60L, OnFail.Queue), (spec.UniqueKey, spec.UniqueForSeconds, spec.OnFail));
        Assert.Equal([JobId.Parse(A), JobId.Parse(B)], spec.After!);
        Assert.Equal(OnFail.Cancel, AddJob("q", "b", "0", "AFTER", A).Value!.OnFail);
    }

    [Fact]
    public void A_key_is_1_to_256_bytes()
    {
        Assert.Equal(DisqueError.BadUniqueKey, AddJob("q", "b", "0", "UNIQUE", "").Error);
        Assert.Equal(DisqueError.BadUniqueKey, AddJob("q", "b", "0", "UNIQUE", new string('k', 257)).Error);
        Assert.Null(AddJob("q", "b", "0", "UNIQUE", new string('k', 256)).Error);
    }

    [Theory]
    [InlineData("UNIQUEFOR", "10")]
    [InlineData("UNIQUE", "k", "UNIQUEFOR", "-1")]
    [InlineData("UNIQUE", "k", "UNIQUEFOR", "2592001")]
    public void A_window_needs_a_key_and_at_most_30_days(params string[] options) =>
        Assert.Equal(DisqueError.BadUniqueFor, AddJob(["q", "b", "0", .. options]).Error);

    [Fact]
    public void AFTER_needs_well_formed_ids_of_ours_and_ONFAIL_needs_AFTER()
    {
        Assert.Equal(DisqueError.BadAfter, AddJob("q", "b", "0", "AFTER", $"{A},,{B}").Error);
        Assert.Equal(DisqueError.BadId, AddJob("q", "b", "0", "AFTER", "D-nope").Error);
        Assert.Equal(DisqueError.UnknownDependency, AddJob("q", "b", "0", "AFTER", "D-7697ZZ95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1").Error);
        Assert.Equal(DisqueError.BadOnFail, AddJob("q", "b", "0", "AFTER", A, "ONFAIL", "maybe").Error);
        Assert.Equal(DisqueError.BadOnFail, AddJob("q", "b", "0", "ONFAIL", "queue").Error);
    }

    [Fact]
    public void AFTER_names_at_most_1000_jobs()
    {
        var many = string.Join(',', Enumerable.Repeat(A, 1001));

        Assert.Equal(DisqueError.BadAfter, AddJob("q", "b", "0", "AFTER", many).Error);
    }
}
