using Disque.Domain;

namespace Disque.Tests.Domain;

public class JobIdTests
{
    [Fact]
    public void A_new_id_has_Disque_shape_and_round_trips()
    {
        var id = new JobIdGenerator(0x76974e95).Next(ttlSeconds: 86400, retrySeconds: 300);
        var text = id.ToString();

        Assert.Equal(40, text.Length);
        Assert.Matches("^D-76974e95-[A-Za-z0-9+/]{24}-05a1$", text);
        Assert.Equal(JobIdForm.Valid, JobId.TryParse(text, out var back));
        Assert.Equal(id, back);
        Assert.Equal(text, back.ToString());
    }

    [Theory]
    [InlineData(86400, 300, "05a1")] // default TTL: 1440 minutes, at-least-once
    [InlineData(100, 10, "0001")]
    [InlineData(30, 3, "0001")] // under a minute still marks at-least-once
    [InlineData(30, 0, "0000")]
    [InlineData(86400, 0, "05a0")] // at-most-once clears the lowest bit
    [InlineData(int.MaxValue, 5, "ffff")] // capped at 65535 minutes
    public void The_suffix_is_TTL_minutes_with_the_delivery_bit(int ttl, int retry, string suffix)
    {
        var id = new JobIdGenerator(1).Next(ttl, retry);

        Assert.EndsWith("-" + suffix, id.ToString());
        Assert.Equal(retry == 0, id.IsAtMostOnce);
    }

    [Fact]
    public void Ids_are_unique()
    {
        var generator = new JobIdGenerator(7);
        var ids = Enumerable.Range(0, 100_000).Select(_ => generator.Next(60, 1)).ToHashSet();

        Assert.Equal(100_000, ids.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("D-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a")] // 39 chars
    [InlineData("D-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a11")]
    [InlineData("X-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1")]
    [InlineData("D_76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1")]
    [InlineData("D-76974e95_ILsYWGIQEDCvrxGBgYKJCY1E-05a1")]
    [InlineData("D-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E_05a1")]
    [InlineData("d-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1")]
    public void Malformed_ids_are_told_apart(string text) =>
        Assert.Equal(JobIdForm.Malformed, JobId.TryParse(text, out _));

    [Theory]
    [InlineData("D-7697ZZ95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1")] // not hex
    [InlineData("D-76974E95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1")] // Disque writes lowercase
    [InlineData("D-76974e95-ILsYWGIQEDCvrxGBgYKJ.Y1E-05a1")] // not base64
    public void Ids_Disque_accepts_but_we_never_make_are_foreign(string text) =>
        Assert.Equal(JobIdForm.Foreign, JobId.TryParse(text, out _));

    [Fact]
    public void The_example_from_the_spec_parses()
    {
        Assert.Equal(JobIdForm.Valid, JobId.TryParse("D-76974e95-ILsYWGIQEDCvrxGBgYKJCY1E-05a1", out var id));
        Assert.Equal(0x76974e95u, id.Node);
        Assert.Equal(0x05a1, id.Suffix);
        Assert.False(id.IsAtMostOnce);
    }
}
