using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// The copies ADDJOB writes and the forgets an ACK or DELJOB sends go to each other silo
/// through a <see cref="Lane{TItem, TAnswer}"/> of its own: under load, the copies of many
/// concurrent ADDJOBs to one silo travel as one Replicate call, and the forgets of many ACKs as
/// one Forget call, with a few such calls in flight. Every promise stands as it stood: each
/// sender still waits for the answer to the call its items went in (ADDJOB replies only once
/// that silo answered it holds its copies; an ACK answers only once each holder answered that
/// it dropped its copy, or was declared dead), and a call that fails fails each of its senders,
/// which try again or elsewhere as before. What a call answers is read per sender: the ids a
/// silo did not take are each sender's own among them.
/// </summary>
internal sealed partial class StoreCore
{
    private readonly Dictionary<SiloAddress, Lane<JobCopy, JobId[]>> _copyLanes = [];
    private readonly Dictionary<(SiloAddress, bool), Lane<JobId, int>> _forgetLanes = [];

    /// <summary>Writes <paramref name="copies"/> to <paramref name="silo"/>; the ids among them it did not take.</summary>
    private async Task<JobId[]> SendCopies(SiloAddress silo, JobCopy[] copies)
    {
        if (!_copyLanes.TryGetValue(silo, out var lane))
            _copyLanes[silo] = lane = new Lane<JobCopy, JobId[]>(batch => cluster.Store(silo).Replicate(batch, Self), static c => c.Body.Length + CopyOverhead);
        var notTaken = await lane.Send(copies);
        return notTaken.Length == 0 ? notTaken : OwnAmong(notTaken, copies);
    }

    /// <summary>What a copy weighs beyond its body (id, queue, times, holders), for a lane's byte bound.</summary>
    private const int CopyOverhead = 256;

    /// <summary>Tells <paramref name="silo"/> to drop its copies of <paramref name="ids"/>; done once it answered.</summary>
    private Task<int> SendForgets(SiloAddress silo, JobId[] ids, bool acked)
    {
        if (!_forgetLanes.TryGetValue((silo, acked), out var lane))
            _forgetLanes[(silo, acked)] = lane = new Lane<JobId, int>(batch => cluster.Store(silo).Forget(batch, acked));
        return lane.Send(ids);
    }

    private static JobId[] OwnAmong(JobId[] notTaken, JobCopy[] copies)
    {
        var refused = notTaken.ToHashSet();
        return [.. copies.Select(c => c.Id).Where(refused.Contains)];
    }
}
