using Disque.Cluster;
using Disque.Journal;
using Disque.Store;
using Disque.Wire;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace Disque.Tests.Store;

/// <summary>
/// Issue 18: the recovery lock is a lease its holder renews while it works. Recovering a journal
/// that takes longer to read than the lease, no other silo can take the lock meanwhile (two
/// recoveries would take the same orphans); a recovery that lost its lock stops.
/// </summary>
public sealed class RecoveryLeaseTests
{
    private static readonly SiloAddress Self = Records.Silo(1);
    private static readonly SiloAddress Dead = Records.Silo(2);

    private const int Orphans = 3000;

    /// <summary>Reading one entry takes this long: the whole journal 150 s, longer than any lease here.</summary>
    private static readonly TimeSpan PerEntry = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task A_recovery_longer_than_its_lease_keeps_the_lock_to_the_end()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var journal = new SlowJournal(time, Orphans);
        var store = await Started(time, journal);
        var takenMeanwhile = new List<int>();
        journal.AtEntry = read =>
        {
            if (read % 100 == 0 && journal.TryTake("another silo"))
                takenMeanwhile.Add(read);
        };

        Assert.Equal(Orphans, await store.Recover());

        Assert.Empty(takenMeanwhile);
        Assert.Null(journal.Holder); // released at the end
    }

    [Fact]
    public async Task A_recovery_that_lost_its_lock_takes_no_more_jobs()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var journal = new SlowJournal(time, Orphans);
        var store = await Started(time, journal);
        journal.AtEntry = read =>
        {
            if (read == Orphans / 2)
                journal.Steal("another silo"); // as when the lease lapsed during a stall and another silo took it
        };

        var recovered = await store.Recover();

        Assert.InRange(recovered, 0, Orphans / 2);
        Assert.Equal("another silo", journal.Holder); // not released by the one that lost it
    }

    private static async Task<StoreCore> Started(FakeTimeProvider time, IJobJournal journal)
    {
        var cluster = new OneSilo(time);
        cluster.Core = await Records.Store(cluster, journal, new DisqueClock(time));
        return cluster.Core;
    }

    /// <summary>A journal of orphans (their one holder was declared dead) that takes its time to read, with a lease lock as Redis keeps it.</summary>
    private sealed class SlowJournal : IJobJournal
    {
        private readonly FakeTimeProvider _time;
        private readonly List<JobCopy> _jobs;
        private (object Token, string Owner, DateTimeOffset Until)? _lock;

        public SlowJournal(FakeTimeProvider time, int count)
        {
            _time = time;
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            _jobs = [.. Enumerable.Range(0, count).Select(_ => Records.Job(now, nodes: [Dead]).ToCopy() with { State = JobState.Queued })];
        }

        /// <summary>Runs after each entry read, with how many were read.</summary>
        public Action<int>? AtEntry { get; set; }

        /// <summary>Who holds the lock now (it has not lapsed).</summary>
        public string? Holder => _lock is { } held && held.Until > _time.GetUtcNow() ? held.Owner : null;

        public bool TryTake(string owner)
        {
            if (Holder is not null)
                return false;
            Steal(owner);
            return true;
        }

        public void Steal(string owner) => _lock = (new object(), owner, _time.GetUtcNow() + TimeSpan.FromMinutes(10));

        public bool IsDurable => true;

        public Task Write(IReadOnlyCollection<JobCopy> jobs) => Task.CompletedTask;

        public Task Update(IReadOnlyCollection<JobCopy> jobs) => Task.CompletedTask;

        public Task Delete(IReadOnlyCollection<JobId> ids) => Task.CompletedTask;

        public Task<JobCopy?[]> Read(IReadOnlyList<JobId> ids) => Task.FromResult<JobCopy?[]>([.. ids.Select(id => _jobs.Find(j => j.Id == id))]);

        public async IAsyncEnumerable<JobCopy> ReadAll([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
        {
            await Task.CompletedTask;
            for (var i = 0; i < _jobs.Count; i++)
            {
                _time.Advance(PerEntry);
                AtEntry?.Invoke(i + 1);
                yield return _jobs[i];
            }
        }

        public Task<IRecoveryLock?> TryLockRecovery(TimeSpan hold, string owner, Func<string, bool> gone)
        {
            if (Holder is not null)
                return Task.FromResult<IRecoveryLock?>(null);
            var token = new object();
            _lock = (token, owner, _time.GetUtcNow() + hold);
            return Task.FromResult<IRecoveryLock?>(new Lease(this, token));
        }

        public Task Ping() => Task.CompletedTask;

        private sealed class Lease(SlowJournal journal, object token) : IRecoveryLock
        {
            private bool Mine => journal._lock is { } held && held.Token == token && held.Until > journal._time.GetUtcNow();

            public Task<bool> Renew(TimeSpan hold)
            {
                var mine = Mine;
                if (mine)
                    journal._lock = (token, journal._lock!.Value.Owner, journal._time.GetUtcNow() + hold);
                return Task.FromResult(mine);
            }

            public ValueTask DisposeAsync()
            {
                if (Mine)
                    journal._lock = null;
                return ValueTask.CompletedTask;
            }
        }
    }

    /// <summary>A cluster of this silo alone, whose holder of every orphan was declared dead; its store is the one under test.</summary>
    private sealed class OneSilo(TimeProvider time) : IStoreCluster
    {
        public StoreCore Core { get; set; } = null!;

        public SiloAddress Self => RecoveryLeaseTests.Self;

        public MembershipVersion Version => new(1);

        public IReadOnlyList<SiloAddress> Alive => [Self];

        public IReadOnlyList<SiloAddress> Active => [Self];

        public IReadOnlyList<SiloAddress> ActiveOthers => [];

        public bool IsAlive(SiloAddress silo) => silo.Equals(Self);

        public bool IsDeclaredDead(SiloAddress silo) => silo.Equals(Dead);

        public SiloAddress? SiloOf(uint nodePrefix) => null;

        public IJobStore Store(SiloAddress silo) => Core;

        public string NodeId(SiloAddress silo) => Disque.Domain.NodeIds.FromSilo(silo.ToParsableString());

        public TimeProvider Time => time;
    }
}
