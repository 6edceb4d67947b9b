using System.Reflection;
using Disque.Cluster;
using Disque.Domain;
using Disque.Journal;
using Disque.Store;
using Disque.Wire;
using Orleans.Runtime;

namespace Disque.Tests.Store;

/// <summary>
/// A hand-over and the journal (durable mode), found by the simulation (durable seed 2046): a
/// silo paused, declared dead (an ACK passes it by), that runs on a moment and takes a late
/// hand-over copy naming it first must not journal the job again once its ACK deleted it; and a
/// silo handing a job over names a living silo its new owner, not one declared dead that its
/// list still names, and sends a silo declared dead no copy. And a recovery (policies durable
/// seed 1746): a store a recovery asked refuses a late copy from a holder the recovery named
/// dead, though it has not heard of that death itself, and still takes a living silo's.
/// </summary>
public sealed class HandOverJournalTests
{
    private static readonly SiloAddress Self = Records.Silo(1);
    private static readonly SiloAddress Dead = Records.Silo(2);
    private static readonly SiloAddress Living = Records.Silo(3);

    [Fact]
    public async Task A_late_hand_over_copy_does_not_bring_back_the_journal_entry_its_ack_deleted()
    {
        var (store, journal, job) = await Journaled();
        await journal.Delete([job.Id]); // its ACK, which passed this silo by

        var notTaken = await store.Replicate([job.ToCopy() with { Nodes = [Self, Living], FromOwner = true }], Living);

        Assert.Empty(notTaken);
        Assert.True(store.Record(job.Id)?.Owned);
        Assert.Empty(journal.Jobs);
    }

    [Fact]
    public async Task A_hand_over_copy_journals_its_new_holders_while_the_job_is_journaled()
    {
        var (store, journal, job) = await Journaled();

        await store.Replicate([job.ToCopy() with { Nodes = [Self, Living], FromOwner = true }], Living);

        Assert.Equal([Self, Living], journal.Jobs[job.Id].Nodes);
    }

    [Fact]
    public async Task A_job_handed_over_is_owned_next_by_a_living_holder_and_a_dead_one_gets_no_copy()
    {
        var sent = new List<(SiloAddress To, JobCopy Copy)>();
        var cluster = new FakeCluster([Self, Living], dead: [Dead]) { Sent = sent };
        var store = await Started(cluster, new MemoryJournal());
        // This silo owns the job; its list still names a silo declared dead since (a list only grows).
        await store.Replicate([Job([Self, Dead, Living]).ToCopy()], Living);

        Assert.Equal(1, await store.HandOff(TimeSpan.FromSeconds(15)));

        var owners = sent.Where(s => s.Copy.FromOwner).ToList();
        Assert.NotEmpty(owners);
        Assert.All(owners, s => Assert.Equal(Living, s.To));
        Assert.All(owners, s => Assert.Equal(Living, s.Copy.Nodes[0]));
        Assert.DoesNotContain(sent, s => s.To.Equals(Dead));
    }

    [Fact]
    public async Task After_a_recovery_named_a_holder_dead_its_late_copy_is_refused_and_a_living_silos_taken()
    {
        // The store has not heard that Dead died: before the recovery asked, it took Dead's copies.
        var store = await Started(new FakeCluster([Self, Living], dead: []), new MemoryJournal());
        var sentByDead = Job([Dead, Self]);
        var sentByLiving = Job([Living, Self]);

        Assert.Empty(await store.Known([sentByDead.Id, sentByLiving.Id], [Dead]));

        Assert.Equal([sentByDead.Id], await store.Replicate([sentByDead.ToCopy()], Dead));
        Assert.Null(store.Record(sentByDead.Id));
        Assert.Empty(await store.Replicate([sentByLiving.ToCopy()], Living));
        Assert.NotNull(store.Record(sentByLiving.Id));
    }

    /// <summary>This silo holds no copy yet of a job ADDJOB journaled; the living silo, leaving, is to hand it over.</summary>
    private static async Task<(StoreCore Store, MemoryJournal Journal, JobRecord Job)> Journaled()
    {
        var journal = new MemoryJournal();
        var store = await Started(new FakeCluster([Self, Living], dead: []), journal);
        var job = Job([Living, Self]);
        await journal.Write([job.ToCopy()]);
        return (store, journal, job);
    }

    private static JobRecord Job(SiloAddress[] nodes)
    {
        var job = Records.Job(DisqueClock.System.NowMs, nodes: nodes);
        job.State = JobState.Active;
        job.WasQueued = true;
        return job;
    }

    private static Task<StoreCore> Started(FakeCluster cluster, IJobJournal journal) => Records.Store(cluster, journal);

    private sealed class MemoryJournal : IJobJournal
    {
        public Dictionary<JobId, JobCopy> Jobs { get; } = [];

        public bool IsDurable => true;

        public Task Write(IReadOnlyCollection<JobCopy> jobs)
        {
            foreach (var job in jobs)
                Jobs[job.Id] = job;
            return Task.CompletedTask;
        }

        public Task Update(IReadOnlyCollection<JobCopy> jobs)
        {
            foreach (var job in jobs)
                if (Jobs.ContainsKey(job.Id))
                    Jobs[job.Id] = job;
            return Task.CompletedTask;
        }

        public Task Delete(IReadOnlyCollection<JobId> ids)
        {
            foreach (var id in ids)
                Jobs.Remove(id);
            return Task.CompletedTask;
        }

        public Task<JobCopy?[]> Read(IReadOnlyList<JobId> ids) => Task.FromResult<JobCopy?[]>([.. ids.Select(id => Jobs.GetValueOrDefault(id))]);

        public async IAsyncEnumerable<JobCopy> ReadAll([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
        {
            await Task.CompletedTask;
            foreach (var job in Jobs.Values.ToList())
                yield return job;
        }

        public Task<IRecoveryLock?> TryLockRecovery(TimeSpan hold, string owner, Func<string, bool> gone) => Task.FromResult<IRecoveryLock?>(null);

        public Task Ping() => Task.CompletedTask;
    }

    /// <summary>A cluster of fixed silos; every other store takes what it is sent (recorded in <see cref="Sent"/>).</summary>
    private sealed class FakeCluster(SiloAddress[] alive, SiloAddress[] dead) : IStoreCluster
    {
        public List<(SiloAddress To, JobCopy Copy)> Sent { get; init; } = [];

        public SiloAddress Self => alive[0];

        public MembershipVersion Version => new(1);

        public IReadOnlyList<SiloAddress> Alive => alive;

        public IReadOnlyList<SiloAddress> Active => alive;

        public IReadOnlyList<SiloAddress> ActiveOthers => [.. alive.Skip(1)];

        public bool IsAlive(SiloAddress silo) => alive.Contains(silo);

        public bool IsDeclaredDead(SiloAddress silo) => dead.Contains(silo);

        public SiloAddress? SiloOf(uint nodePrefix) => null;

        public IJobStore Store(SiloAddress silo) => TakingStore.For(silo, Sent);

        public string NodeId(SiloAddress silo) => NodeIds.FromSilo(silo.ToParsableString());

        public TimeProvider Time => TimeProvider.System;
    }

    /// <summary>Another silo's store: takes every copy (records it), answers every other call with nothing.</summary>
    public class TakingStore : DispatchProxy
    {
        private SiloAddress _silo = null!;
        private List<(SiloAddress, JobCopy)> _sent = null!;

        internal static IJobStore For(SiloAddress silo, List<(SiloAddress, JobCopy)> sent)
        {
            var store = Create<IJobStore, TakingStore>();
            ((TakingStore)(object)store)._silo = silo;
            ((TakingStore)(object)store)._sent = sent;
            return store;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IJobStore.Replicate))
            {
                foreach (var copy in (JobCopy[])args![0]!)
                    _sent.Add((_silo, copy));
                return Task.FromResult(Array.Empty<JobId>());
            }
            var type = method.ReturnType;
            if (type == typeof(Task))
                return Task.CompletedTask;
            if (type == typeof(Task<int>))
                return Task.FromResult(0);
            throw new NotSupportedException($"The test's stores do not answer {method.Name}.");
        }
    }
}
