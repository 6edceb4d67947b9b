using Disque.Store;

namespace Disque.Tests.Store;

/// <summary>
/// <see cref="Lane{TItem, TAnswer}"/>: what concurrent senders to one silo send goes alone while
/// the lane is idle, and together once <see cref="Lane{TItem, TAnswer}.MaxInFlight"/> messages are out.
/// </summary>
public sealed class LaneTests
{
    /// <summary>A silo that answers when told: each message sent, and its answer to give.</summary>
    private sealed class Silo
    {
        public readonly List<(int[] Items, TaskCompletionSource<int> Answer)> Sent = [];

        public Task<int> Receive(int[] items)
        {
            var answer = new TaskCompletionSource<int>();
            Sent.Add((items, answer));
            return answer.Task;
        }
    }

    private const int Max = Lane<int, int>.MaxInFlight;

    /// <summary>A lane to <paramref name="silo"/> that sent <see cref="Max"/> items, 0, 1, ..., none answered yet; each sender's answer.</summary>
    private static (Lane<int, int> Lane, Task<int>[] Answers) Full(Silo silo)
    {
        var lane = new Lane<int, int>(silo.Receive);
        var answers = Enumerable.Range(0, Max).Select(i => lane.Send([i])).ToArray();
        return (lane, answers);
    }

    [Fact]
    public void While_fewer_than_the_limit_are_out_each_send_goes_at_once_alone()
    {
        var silo = new Silo();

        Full(silo);

        Assert.Equal(Max, silo.Sent.Count);
        Assert.All(silo.Sent, (m, i) => Assert.Equal([i], m.Items));
    }

    [Fact]
    public void Sends_made_while_the_lane_is_full_go_as_one_message_when_one_comes_back_and_share_its_answer()
    {
        var silo = new Silo();
        var (lane, _) = Full(silo);

        var late = Enumerable.Range(100, 5).Select(i => lane.Send([i, -i])).ToArray();
        Assert.Equal(Max, silo.Sent.Count);

        silo.Sent[0].Answer.SetResult(1);

        Assert.Equal(Max + 1, silo.Sent.Count);
        Assert.Equal([100, -100, 101, -101, 102, -102, 103, -103, 104, -104], silo.Sent[^1].Items);
        Assert.All(late, t => Assert.False(t.IsCompleted));
        silo.Sent[^1].Answer.SetResult(7);
        Assert.All(late, t => Assert.Equal(7, t.Result));
    }

    [Fact]
    public void A_message_that_fails_fails_every_sender_in_it_and_no_other()
    {
        var silo = new Silo();
        var (lane, first) = Full(silo);
        var together = new[] { lane.Send([10]), lane.Send([11]) };

        silo.Sent[1].Answer.SetException(new TimeoutException("lost"));
        silo.Sent[^1].Answer.SetException(new TimeoutException("lost too"));

        Assert.True(first[1].IsFaulted);
        Assert.All(together, t => Assert.IsType<TimeoutException>(t.Exception!.InnerException));
        Assert.All(first.Where((_, i) => i != 1), t => Assert.False(t.IsCompleted));
    }

    [Fact]
    public void A_waiting_message_holds_at_most_MaxBatch_items_and_the_next_waits_its_turn()
    {
        var silo = new Silo();
        var (lane, _) = Full(silo);
        var half = Enumerable.Range(0, Lane<int, int>.MaxBatch / 2).ToArray();

        for (var i = 0; i < 3; i++)
            lane.Send(half);
        silo.Sent[0].Answer.SetResult(0);
        silo.Sent[1].Answer.SetResult(0);

        Assert.Equal(Max + 2, silo.Sent.Count);
        Assert.Equal(Lane<int, int>.MaxBatch, silo.Sent[Max].Items.Length);
        Assert.Equal(half.Length, silo.Sent[Max + 1].Items.Length);
    }

    [Fact]
    public void Waiting_sends_go_in_messages_of_at_most_MaxBatchBytes()
    {
        var silo = new Silo();
        var lane = new Lane<int, int>(silo.Receive, static _ => Lane<int, int>.MaxBatchBytes / 3);
        for (var i = 0; i < Max; i++)
            lane.Send([i]);

        for (var i = 100; i < 106; i++)
            lane.Send([i]);
        silo.Sent[0].Answer.SetResult(1);
        silo.Sent[1].Answer.SetResult(1);

        Assert.Equal(Max + 2, silo.Sent.Count);
        Assert.Equal([100, 101, 102], silo.Sent[Max].Items);
        Assert.Equal([103, 104, 105], silo.Sent[Max + 1].Items);
    }
}
