namespace Disque.Store;

/// <summary>
/// A store's jobs by id, split in <see cref="Shards"/> fixed shards by the id's
/// random bits (the same shard in every process, so a simulation replays). JSCAN walks shard after shard, so a cursor (a shard number) stays
/// valid however the table changes: every job present for the whole scan is
/// returned at least once. Shards also keep each table resize small.
/// </summary>
internal sealed class JobTable
{
    public const int Shards = 256;

    private readonly Dictionary<JobId, JobRecord>[] _shards = CreateShards();
    private readonly Dictionary<string, int> _perQueue = [];

    public int Count { get; private set; }

    public bool TryGet(JobId id, out JobRecord record) => Shard(id).TryGetValue(id, out record!);

    public bool TryAdd(JobRecord record)
    {
        if (!Shard(record.Id).TryAdd(record.Id, record))
            return false;
        Count++;
        _perQueue[record.Queue] = CountIn(record.Queue) + 1;
        return true;
    }

    public bool Remove(JobId id, out JobRecord record)
    {
        if (!Shard(id).Remove(id, out record!))
            return false;
        Count--;
        var left = CountIn(record.Queue) - 1;
        if (left == 0)
            _perQueue.Remove(record.Queue);
        else
            _perQueue[record.Queue] = left;
        return true;
    }

    /// <summary>How many jobs of this queue have a copy here.</summary>
    public int CountIn(string queue) => _perQueue.GetValueOrDefault(queue);

    /// <summary>The queues this store holds jobs of.</summary>
    public IEnumerable<string> Queues => _perQueue.Keys;

    public IEnumerable<JobRecord> InShard(int shard) => _shards[shard].Values;

    public IEnumerable<JobRecord> All() => _shards.SelectMany(s => s.Values);

    private Dictionary<JobId, JobRecord> Shard(JobId id) => _shards[ShardOf(id)];

    /// <summary>The shard a job is filed in, in every store (JSCAN's cursor counts shards).</summary>
    public static int ShardOf(JobId id) => (int)(id.RandomBits % Shards);

    private static Dictionary<JobId, JobRecord>[] CreateShards()
    {
        var shards = new Dictionary<JobId, JobRecord>[Shards];
        for (var i = 0; i < Shards; i++)
            shards[i] = [];
        return shards;
    }
}
