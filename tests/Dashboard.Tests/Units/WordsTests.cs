using System.Text;
using Disque.Dashboard.Actions;
using Disque.Dashboard.Reading;
using Disque.Dashboard.Rendering;

namespace Disque.Dashboard.Tests.Units;

/// <summary>How the pages say things: times, sizes, bodies, commands, node lines, and the actions a form may ask for.</summary>
public sealed class WordsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(240, "in 4 min")]
    [InlineData(-45, "45 s ago")]
    [InlineData(0.3, "now")]
    [InlineData(86_340, "in 23 h 59 min")]
    [InlineData(-7200, "2 h ago")]
    [InlineData(-3 * 86_400, "3 days ago")]
    public void Times_are_relative_to_now(double seconds, string words) =>
        Assert.Equal(words, Words.Relative(Now.AddSeconds(seconds), Now));

    [Fact]
    public void Sizes_rates_and_dates()
    {
        Assert.Equal("512 B", Words.Bytes(512));
        Assert.Equal("1.5 KB", Words.Bytes(1536));
        Assert.Equal("12.0 MB", Words.Bytes(12L << 20));
        Assert.Equal("3.2/s", Words.Rate(3.21));
        Assert.Equal("120/s", Words.Rate(120.4));
        Assert.Equal("—", Words.Rate(null));
        Assert.Equal("2026-11-28 10:00:00 UTC", Words.Date(Now));
    }

    [Fact]
    public void A_body_is_text_when_it_is_printable_UTF8_else_hex_and_trimmed_either_way()
    {
        var text = BodyView.Of(Encoding.UTF8.GetBytes("héllo\nworld"), 100);
        Assert.Equal((true, "héllo\nworld", 0L), (text.IsText, text.Shown, text.Left));
        var cut = BodyView.Of(Encoding.UTF8.GetBytes("ab€"), 3); // the euro sign cut in two is not binary
        Assert.Equal((true, "ab", 2L), (cut.IsText, cut.Shown, cut.Left));
        var binary = BodyView.Of([0, 1, 2, 255], 2);
        Assert.Equal((false, "00000000  00 01\n", 2L), (binary.IsText, binary.Shown, binary.Left));
        Assert.Equal("a b…", BodyView.Preview(Encoding.UTF8.GetBytes("a\nbcdef"), 3));
    }

    [Fact]
    public void Commands_are_shown_as_redis_cli_takes_them()
    {
        Assert.Equal("PAUSE q in", CommandText.Of(["PAUSE", "q", "in"]));
        Assert.Equal("ADDJOB q \"two words\\n\" 0", CommandText.Of(["ADDJOB", "q", "two words\n", "0"]));
        Assert.Equal("ADDJOB q \"\" 0", CommandText.Of(["ADDJOB", "q", "", "0"]));
    }

    [Fact]
    public void INFO_nodes_lines_are_read_field_by_field()
    {
        var nodes = NodeRow.ParseInfo("# Nodes\r\nnode0:id=abc,addr=10.0.0.1:11111,resp=10.0.0.1:7711,state=up,myself=1,jobs=7,used_memory=100,used_memory_rss=200,maxmemory=0,oom=0,jobs_added=9,jobs_delivered=8,jobs_acked=7,jobs_requeued=1,jobs_expired=2\r\nnode1:id=def,addr=10.0.0.2:11111,state=dead\r\n");

        Assert.Equal(2, nodes.Count);
        Assert.Equal(("abc", true, true, 7L, 200L, new Counts(9, 8, 7, 1, 2)), (nodes[0].Id, nodes[0].IsGateway, nodes[0].Myself, nodes[0].Jobs, nodes[0].UsedMemoryRss, nodes[0].Counters));
        Assert.Equal(("def", false, false), (nodes[1].Id, nodes[1].IsGateway, nodes[1].IsLiving));
    }

    [Theory]
    [InlineData("do=pause&queue=q&state=sideways", "A pause needs a queue and one of in, out, all, none.")]
    [InlineData("do=addjob&queue=q&body=x&delay=soon", "DELAY must be a whole number of seconds.")]
    [InlineData("do=move&queue=q&target=q&count=5", "The jobs would go back where they are: choose another queue.")]
    [InlineData("do=move&queue=q&target=r&count=0", "How many jobs to move: a number from 1 to 10000.")]
    [InlineData("do=deljob", "This action needs a job id.")]
    [InlineData("do=flushall", "No such action.")]
    public void A_form_that_names_no_valid_action_is_refused_with_a_reason(string query, string reason)
    {
        var fields = query.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var (action, error) = ActionForm.Read(name => fields.GetValueOrDefault(name));
        Assert.Null(action);
        Assert.Equal(reason, error);
    }

    [Fact]
    public void A_confirmed_form_makes_the_same_action_again()
    {
        var (action, _) = ActionForm.Read(new Dictionary<string, string> { ["do"] = "addjob", ["queue"] = "q", ["body"] = "b", ["ttl"] = "60" }.GetValueOrDefault);
        var (again, _) = ActionForm.Read(action!.Fields.GetValueOrDefault);
        Assert.Equal(action.Commands, again!.Commands);
        Assert.Equal(["ADDJOB q b 0 TTL 60"], again.Commands);
    }
}
