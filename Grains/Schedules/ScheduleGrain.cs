using Disque.Cluster;
using Disque.Domain;
using Disque.Node;
using Disque.Wire;
using Microsoft.Extensions.Logging;

namespace Disque.Schedules;

/// <summary>
/// One recurring schedule (<see cref="ISchedule"/>), key = its name. It keeps no state of
/// its own that a silo's loss could take: on activation it reads the newest copy of its
/// record from the living silos' books (and the archive in durable mode), and every change
/// it makes is kept there before it acts on it (<see cref="ScheduleReplicas"/>). While
/// active and not paused, a grain timer looks at the clock at each occurrence (and at least
/// every second) and fires what is due (ScheduleGrain.Firing.cs). Its reminder, once a
/// minute, and the books, every few seconds, activate it again wherever it was lost.
/// </summary>
internal sealed partial class ScheduleGrain(ScheduleReplicas replicas, DisqueNode node, ClusterView cluster, DisqueClock clock, ILogger<ScheduleGrain> log)
    : Grain, ISchedule, IRemindable
{
    private const string ReminderName = "wake";

    /// <summary>How many next occurrences SHOW tells.</summary>
    private const int Shown = 3;

    private ScheduleRecord? _record;
    private CronSchedule? _cron;
    private IGrainTimer? _timer;

    /// <summary>The last version this activation wrote or read; a failed write's version is not used twice.</summary>
    private long _version;

    private string Name => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.Time.GetUtcNow();

    private ScheduleRecord? Live => _record is { IsLive: true } r ? r : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => await Load();

    public async Task<Outcome<bool>> Set(ScheduleSpec spec)
    {
        var cron = CronSchedule.Parse(spec.Cron, spec.TimeZone);
        if (cron.Error is { } error)
            return error;
        // RETRY 0 needs REPLICATE 1 said outright: the cluster a firing meets may have grown past one silo.
        if (JobRules.Resolve(spec.Template, defaultReplicate: 2).Error is { } jobError)
            return jobError;
        var created = Live is null;
        var now = Now;
        // Occurrences before SET are not fired: the schedule starts (again) now, keeping its history and PAUSE.
        var record = created
            ? new ScheduleRecord { Spec = spec with { Name = Name }, AccountedTo = now }
            : Live! with { Spec = spec with { Name = Name }, AccountedTo = now, LastError = null };
        await Save(record);
        _cron = cron.Value;
        await Arm();
        return created;
    }

    public Task<ScheduleInfo?> Show() => Task.FromResult(Live is { } r ? Info(r) : null);

    public Task<bool> Pause() => Change(r => r.Paused ? null : r with { Paused = true });

    /// <summary>Occurrences while paused are not fired: the schedule goes on from now.</summary>
    public Task<bool> Resume() => Change(r => r.Paused ? r with { Paused = false, AccountedTo = Now } : null);

    public async Task<bool> Delete()
    {
        var deleted = await Change(r => r with { Deleted = true });
        if (deleted)
            DeactivateOnIdle();
        return deleted;
    }

    public async Task Wake()
    {
        // Activated while no book answered: look again.
        if (_record is null)
            await Load();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Wake();

    private async Task Load()
    {
        _record = await replicas.Read(Name);
        _version = Math.Max(_version, _record?.Version ?? 0);
        _cron = Live is { } r ? CronSchedule.Parse(r.Spec.Cron, r.Spec.TimeZone).Value : null;
        await Arm();
    }

    /// <summary>Applies <paramref name="change"/> to a live schedule (null: nothing to change); false when there is none.</summary>
    private async Task<bool> Change(Func<ScheduleRecord, ScheduleRecord?> change)
    {
        if (Live is not { } r)
            return false;
        if (change(r) is { } changed)
        {
            await Save(changed);
            await Arm();
        }
        return true;
    }

    /// <summary>Keeps the next version of <paramref name="record"/> on the books (and archive) first, then takes it as this grain's.</summary>
    private async Task Save(ScheduleRecord record)
    {
        var next = record with { Version = ++_version, ChangedAt = Now };
        try
        {
            await replicas.Write(next);
        }
        catch (StaleScheduleException)
        {
            // This activation started from an old copy (no book answered in time): it reads the newest and acts on it from now on.
            await Load();
            throw;
        }
        _record = next;
    }

    /// <summary>The timer and the reminder while the schedule is live and not paused; neither otherwise.</summary>
    private async Task Arm()
    {
        var running = Live is { Paused: false } && _cron is not null;
        if (running && _timer is null)
            _timer = this.RegisterGrainTimer(static (s, _) => s.Tick(), this, new GrainTimerCreationOptions(UntilNext(), Timeout.InfiniteTimeSpan) { KeepAlive = true });
        else if (!running && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
        await Remind(running);
    }

    /// <summary>The reminder is a wake-up only (minute granularity); a lost reminder table costs nothing the books do not make up for.</summary>
    private async Task Remind(bool on)
    {
        try
        {
            if (on)
                await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            else if (await this.GetReminder(ReminderName) is { } reminder)
                await this.UnregisterReminder(reminder);
        }
        catch (Exception error)
        {
            log.LogWarning(error, "Schedule {Name}: its reminder could not be {Change}", Name, on ? "registered" : "removed");
        }
    }

    private ScheduleInfo Info(ScheduleRecord r) => new()
    {
        Spec = r.Spec,
        Paused = r.Paused,
        Next = r.Paused || _cron is null ? [] : _cron.Next(Later(r.AccountedTo, Now), Shown),
        LastOccurrence = r.LastOccurrence,
        LastFiredAt = r.LastFiredAt,
        LastJobId = r.LastJobId,
        LastError = r.LastError,
        Node = cluster.SelfNodeId,
    };

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
