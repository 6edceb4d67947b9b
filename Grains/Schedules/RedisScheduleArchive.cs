using Disque.Wire;
using Orleans.Serialization;
using StackExchange.Redis;

namespace Disque.Schedules;

/// <summary>Durable mode: one hash per Disque service, schedule name → its record (Orleans-serialized), tombstones included.</summary>
public sealed class RedisScheduleArchive(IConnectionMultiplexer redis, Serializer serializer, string serviceId) : IScheduleArchive
{
    private readonly RedisKey _schedules = $"disque:{serviceId}:schedules";

    private IDatabase Db => redis.GetDatabase();

    public Task Write(ScheduleRecord record) => Db.HashSetAsync(_schedules, record.Name, serializer.SerializeToArray(record));

    public async Task<ScheduleRecord?> Read(string name)
    {
        var value = await Db.HashGetAsync(_schedules, name);
        return value.IsNull ? null : serializer.Deserialize<ScheduleRecord>((byte[])value!);
    }

    public async Task<ScheduleRecord[]> ReadAll() =>
        [.. (await Db.HashGetAllAsync(_schedules)).Select(e => serializer.Deserialize<ScheduleRecord>((byte[])e.Value!)).OfType<ScheduleRecord>()];
}
