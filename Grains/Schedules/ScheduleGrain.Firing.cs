using System.Text;
using Disque.Domain;
using Disque.Wire;
using Microsoft.Extensions.Logging;

namespace Disque.Schedules;

/// <summary>
/// Firing, on the schedule's timer (its own turn, never alongside a command). No occurrence
/// is added twice, across failovers too: the record saying every occurrence up to now is
/// accounted for is kept on the books (a copy on another silo at least) before the first
/// job is added. A schedule activated again after its silo's loss reads that record, so it
/// only fires occurrences after it. The price: a silo lost between that write and ADDJOB's
/// answer loses those occurrences (at most once per occurrence, never twice).
/// </summary>
internal sealed partial class ScheduleGrain
{
    /// <summary>The longest the timer waits before it looks at the clock again (the clock may be a test's).</summary>
    private static readonly TimeSpan LookAtLeastEvery = TimeSpan.FromSeconds(1);

    private async Task Tick()
    {
        var wait = TimeSpan.Zero;
        try
        {
            if (Live is { Paused: false } r && _cron is not null)
            {
                var now = Now;
                var plan = FiringPlan.At(_cron, r.AccountedTo, now, r.Spec.Missed);
                if (!plan.IsEmpty)
                    await Fire(r, plan, now);
            }
            _failures = 0;
        }
        catch (Exception error)
        {
            // Nothing was added unless the record said so first: a later tick tries again, after a pause that grows (1 s, 2 s, ... 30 s).
            wait = TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(_failures++, 5)));
            log.LogWarning(error, "Schedule {Name}: firing failed; trying again in {Wait}", Name, wait);
        }
        _timer?.Change(wait > TimeSpan.Zero ? wait : UntilNext(), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Firings that failed in a row (the pause before the next try grows with them).</summary>
    private int _failures;

    private async Task Fire(ScheduleRecord r, FiringPlan plan, DateTimeOffset now)
    {
        var occurrences = plan.Jobs.ToArray();
        if (r.Spec.NoOverlap && occurrences.Length > 0)
        {
            if (await StillUnacked(r.LastJobId))
            {
                await Save(r with { AccountedTo = now, LastError = $"NOOVERLAP: job {r.LastJobId} not acknowledged yet, {occurrences.Length} occurrence(s) skipped" });
                return;
            }
            occurrences = [occurrences[^1]];
        }
        // Kept before any job is added (see above).
        await Save(r with { AccountedTo = now });
        if (occurrences.Length == 0)
            return;
        var fired = _record!;
        foreach (var occurrence in occurrences)
        {
            Outcome<JobId> added;
            try
            {
                added = await node.AddJob(JobFor(r.Spec, occurrence));
            }
            catch (Exception failure)
            {
                // Accounted for already: this occurrence is lost (at most once), and SHOW says why.
                log.LogWarning(failure, "Schedule {Name}: the job for {Occurrence:O} could not be added", Name, occurrence);
                added = DisqueError.CommandFailed;
            }
            fired = fired with { LastOccurrence = occurrence, LastFiredAt = Now, LastJobId = added.IsError ? null : added.Value, LastError = added.Error?.ToString() };
            if (added.Error is { } error)
                log.LogWarning("Schedule {Name}: the job for {Occurrence:O} was refused: {Error}", Name, occurrence, error);
        }
        try
        {
            await Save(fired);
        }
        catch (Exception error)
        {
            // The jobs are added and their occurrences accounted for; only SHOW's last firing is behind.
            log.LogWarning(error, "Schedule {Name}: its last firing could not be kept", Name);
        }
    }

    /// <summary>NOOVERLAP: the previous firing's job still exists and is not acknowledged.</summary>
    private async Task<bool> StillUnacked(JobId? id) =>
        id is { } job && await node.Show(job) is { } info && info.State != JobState.Acked;

    /// <summary>The job for one occurrence: the template, its body stamped with the occurrence under WITHTIME.</summary>
    internal static JobSpec JobFor(ScheduleSpec spec, DateTimeOffset occurrence)
    {
        if (!spec.WithTime)
            return spec.Template;
        var stamp = Encoding.UTF8.GetBytes(ScheduleTimes.Stamp(occurrence) + " ");
        return spec.Template with { Body = [.. stamp, .. spec.Template.Body] };
    }

    /// <summary>Real time until the next occurrence by the schedule's clock, at most <see cref="LookAtLeastEvery"/>.</summary>
    private TimeSpan UntilNext()
    {
        if (Live is not { } r || _cron?.Next(r.AccountedTo) is not { } next)
            return LookAtLeastEvery;
        var wait = next - Now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < LookAtLeastEvery ? wait : LookAtLeastEvery;
    }
}
