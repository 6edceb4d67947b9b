using System.Text;
using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Schedules;

/// <summary>Disque.Client's schedule commands against a gateway: set, show, list, pause, resume, delete, and the jobs a schedule adds.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class ScheduleClientTests(ClientGatewayFixture gateway)
{
    [Fact]
    public async Task A_schedule_set_through_the_client_adds_jobs_and_reads_back()
    {
        await using var client = gateway.NewClient();
        var name = $"client-schedule-{Guid.NewGuid():N}";
        var options = new ScheduleOptions
        {
            TimeZone = "Europe/Berlin",
            CatchUpMissed = true,
            WithTime = true,
            Job = new AddJobOptions { Replicate = 1, Retry = TimeSpan.FromSeconds(30), Ttl = TimeSpan.FromHours(1) },
        };

        Assert.True(await client.ScheduleSetAsync(name, "* * * * * *", name, "hello"u8.ToArray(), options));
        Assert.Contains(name, await client.ScheduleListAsync());
        await Wait.Until(async () => (await client.ScheduleShowAsync(name))?.LastJobId is not null, what: "a first firing");

        var shown = (await client.ScheduleShowAsync(name))!;
        Assert.Equal(("* * * * * *", "Europe/Berlin", name, "catchup"), (shown.Cron, shown.TimeZone, shown.Queue, shown.Missed));
        Assert.Equal((1, 30L, 3600L, true, false), (shown.Replicate, shown.RetrySeconds, shown.TtlSeconds, shown.WithTime, shown.Paused));
        Assert.Equal("hello"u8.ToArray(), shown.Body);
        Assert.Equal(3, shown.Next.Count);
        Assert.True(shown.Next[0] > shown.LastOccurrence);
        var job = (await client.ShowAsync(shown.LastJobId!))!;
        Assert.Equal(name, job.Queue);
        Assert.Equal($"{shown.LastOccurrence!.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} hello", Encoding.UTF8.GetString(job.Body!));

        await client.SchedulePauseAsync(name);
        Assert.True((await client.ScheduleShowAsync(name))!.Paused);
        await client.ScheduleResumeAsync(name);
        Assert.False((await client.ScheduleShowAsync(name))!.Paused);
        Assert.True(await client.ScheduleDeleteAsync(name));
        Assert.False(await client.ScheduleDeleteAsync(name));
        Assert.Null(await client.ScheduleShowAsync(name));
    }

    [Fact]
    public async Task Replacing_answers_false_and_errors_come_as_DisqueExceptions()
    {
        await using var client = gateway.NewClient();
        var name = $"client-replaced-{Guid.NewGuid():N}";
        Assert.True(await client.ScheduleSetAsync(name, "0 3 * * *", "q", "b"u8.ToArray()));
        Assert.False(await client.ScheduleSetAsync(name, "0 4 * * *", "q", "b"u8.ToArray()));
        Assert.Equal("0 4 * * *", (await client.ScheduleShowAsync(name))!.Cron);

        var zone = await Assert.ThrowsAnyAsync<DisqueException>(() =>
            client.ScheduleSetAsync(name, "0 3 * * *", "q", "b"u8.ToArray(), new ScheduleOptions { TimeZone = "No/Where" }));
        Assert.Equal("unknown time zone 'No/Where'", zone.Message);
        var cron = await Assert.ThrowsAnyAsync<DisqueException>(() => client.ScheduleSetAsync(name, "every day", "q", "b"u8.ToArray()));
        Assert.StartsWith("invalid cron expression 'every day'", cron.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAnyAsync<DisqueException>(() => client.SchedulePauseAsync("no-such-" + name));
        Assert.Equal($"unknown schedule 'no-such-{name}'", unknown.Message);
        Assert.True(await client.ScheduleDeleteAsync(name));
    }
}
