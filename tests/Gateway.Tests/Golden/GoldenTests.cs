using Disque.Gateway.Tests.EndToEnd;

namespace Disque.Gateway.Tests.Golden;

/// <summary>A gateway of its own: the golden cases empty it (DEBUG FLUSHALL) and change its settings.</summary>
public sealed class GoldenGatewayFixture : GatewayFixture;

/// <summary>
/// Replays every case of disque-1.0-rc1.cases against a live gateway and holds it to
/// the replies real Disque gave (recorded by scripts/differential.sh --record), with
/// the same normalisation, so CI guards Disque's replies without Disque.
/// </summary>
public sealed class GoldenTests(GoldenGatewayFixture gateway) : IClassFixture<GoldenGatewayFixture>
{
    private static readonly string CaseFile = Path.Combine(AppContext.BaseDirectory, "Golden", "disque-1.0-rc1.cases");

    /// <summary>Every case but those that differ on purpose (the README's list).</summary>
    public static TheoryData<string> Cases =>
        [.. GoldenFile.Parse(CaseFile).Where(c => GoldenFile.OnPurpose(c) is null).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replies_as_Disque(string name)
    {
        var golden = GoldenFile.Parse(CaseFile).Single(c => c.Name == name);
        var expected = golden.Steps.Where(s => s.HasReply).Select(s => s.Expected).ToList();
        Assert.DoesNotContain(null, expected);

        var steps = golden.Steps.Where(s => s.HasReply).ToList();
        async Task<List<string>> Run() =>
            [.. (await new CaseRunner("127.0.0.1", gateway.Port).Run(golden)).Select((reply, i) => ExtensionCommands.LeaveOut(steps[i], reply))];
        var replies = await Run();
        if (!replies.SequenceEqual(expected))
            replies = await Run(); // a second boundary may fall between two steps

        for (var i = 0; i < steps.Count; i++)
            Assert.True(expected[i] == replies[i], $"line {steps[i].Line}: {steps[i]}\n  Disque : {expected[i]}\n  gateway: {replies[i]}");
    }
}
