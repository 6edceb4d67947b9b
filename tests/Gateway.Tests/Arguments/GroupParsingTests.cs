using Disque.Gateway.Arguments;

namespace Disque.Gateway.Tests.Arguments;

/// <summary>Ours, beyond Disque: ADDJOB's GROUP and GROUPLIMIT.</summary>
public class GroupParsingTests
{
    private static Outcome<JobSpec> AddJob(params string[] words) => AddJobParser.Parse(new StringArgs(["ADDJOB", .. words]));

    [Fact]
    public void Reads_the_group_and_its_limit_among_Disques_options()
    {
        var spec = AddJob("q", "b", "0", "group", "tenant-7", "RETRY", "5", "GroupLimit", "3").Value!;

        Assert.Equal(("tenant-7", 3, 5L), (spec.Group, spec.GroupLimit, spec.RetrySeconds));
        Assert.Equal(new JobExtras { Group = "tenant-7", GroupLimit = 3 }, JobExtras.From(spec));
    }

    [Fact]
    public void A_group_without_a_limit_has_the_limit_1() =>
        Assert.Equal(1, JobExtras.From(AddJob("q", "b", "0", "GROUP", "g").Value!)!.GroupLimit);

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("100001")]
    [InlineData("many")]
    public void A_limit_outside_1_to_100000_is_refused(string value) =>
        Assert.Equal(DisqueError.BadGroupLimit, AddJob("q", "b", "0", "GROUP", "g", "GROUPLIMIT", value).Error);

    [Fact]
    public void A_limit_needs_a_group_and_a_group_a_name()
    {
        Assert.Equal(DisqueError.GroupLimitWithoutGroup, AddJob("q", "b", "0", "GROUPLIMIT", "2").Error);
        Assert.Equal(DisqueError.BadGroup, AddJob("q", "b", "0", "GROUP", "").Error);
        Assert.Equal(DisqueError.BadGroup, AddJob("q", "b", "0", "GROUP", new string('g', 257)).Error);
        Assert.Equal(DisqueError.Syntax, AddJob("q", "b", "0", "GROUP").Error);
        Assert.Equal(DisqueError.GroupAtMostOnce, AddJob("q", "b", "0", "GROUP", "g", "RETRY", "0").Error);
    }
}
