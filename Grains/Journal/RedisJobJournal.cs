using Orleans.Serialization;
using StackExchange.Redis;

namespace Disque.Journal;

/// <summary>
/// The job journal in Redis: one hash per Disque service, job id → the job's copy
/// (Orleans-serialized). Writes of a batch of jobs are one HSET; StackExchange.Redis
/// pipelines concurrent batches on one connection.
/// </summary>
public sealed class RedisJobJournal(IConnectionMultiplexer redis, Serializer serializer, string serviceId) : IJobJournal
{
    private readonly RedisKey _jobs = $"disque:{serviceId}:jobs";
    private readonly RedisKey _recovery = $"disque:{serviceId}:recovery";

    public bool IsDurable => true;

    private IDatabase Db => redis.GetDatabase();

    public Task Write(IReadOnlyCollection<JobCopy> jobs) =>
        jobs.Count == 0 ? Task.CompletedTask
            : Db.HashSetAsync(_jobs, [.. jobs.Select(j => new HashEntry(j.Id.ToString(), serializer.SerializeToArray(j)))]);

    /// <summary>Sets each field only where it exists, in one step on the server (a delete between a check and a set would be undone).</summary>
    private const string UpdateExisting = """
        local updated = 0
        for i = 1, #ARGV, 2 do
            if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then
                redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
                updated = updated + 1
            end
        end
        return updated
        """;

    public Task Update(IReadOnlyCollection<JobCopy> jobs) =>
        jobs.Count == 0 ? Task.CompletedTask
            : Db.ScriptEvaluateAsync(UpdateExisting, [_jobs], [.. jobs.SelectMany(j => new RedisValue[] { j.Id.ToString(), serializer.SerializeToArray(j) })]);

    public Task Delete(IReadOnlyCollection<JobId> ids) =>
        ids.Count == 0 ? Task.CompletedTask : Db.HashDeleteAsync(_jobs, [.. ids.Select(id => (RedisValue)id.ToString())]);

    public async Task<JobCopy?[]> Read(IReadOnlyList<JobId> ids)
    {
        if (ids.Count == 0)
            return [];
        var values = await Db.HashGetAsync(_jobs, [.. ids.Select(id => (RedisValue)id.ToString())]);
        return [.. values.Select(v => v.IsNull ? null : serializer.Deserialize<JobCopy>((byte[])v!))];
    }

    public async IAsyncEnumerable<JobCopy> ReadAll([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await foreach (var entry in Db.HashScanAsync(_jobs, pageSize: 1000).WithCancellation(cancellation))
            yield return serializer.Deserialize<JobCopy>((byte[])entry.Value!)!;
    }

    public Task Ping() => Db.PingAsync();

    public async Task<IRecoveryLock?> TryLockRecovery(TimeSpan hold, string owner, Func<string, bool> gone)
    {
        var token = $"{owner} {Guid.NewGuid():N}";
        if (await Db.LockTakeAsync(_recovery, token, hold))
            return new Release(Db, _recovery, token);
        // Held by a silo declared dead while it recovered: released (only that holder's value) and taken.
        var holder = await Db.LockQueryAsync(_recovery);
        if (holder.IsNull || !gone(((string)holder!).Split(' ')[0]) || !await Db.LockReleaseAsync(_recovery, holder))
            return null;
        return await Db.LockTakeAsync(_recovery, token, hold) ? new Release(Db, _recovery, token) : null;
    }

    private sealed class Release(IDatabase db, RedisKey key, string token) : IRecoveryLock
    {
        /// <summary>Redis extends the lock only while it holds this holder's token: a lapsed lock, or another's, is not renewed.</summary>
        public Task<bool> Renew(TimeSpan hold) => db.LockExtendAsync(key, token, hold);

        public async ValueTask DisposeAsync() => await db.LockReleaseAsync(key, token);
    }
}
