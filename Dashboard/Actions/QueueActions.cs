using Disque.Client.Protocol;
using Disque.Dashboard.Reading;
using Disque.Dashboard.Rendering;

namespace Disque.Dashboard.Actions;

/// <summary>PAUSE queue in|out|all|none.</summary>
internal sealed record PauseQueue(string Queue, string State) : DashboardAction
{
    public static readonly string[] States = ["in", "out", "all", "none"];

    public override string Title => State == "none" ? $"Resume queue {Queue}" : $"Pause queue {Queue} ({State})";

    public override string Explanation => State switch
    {
        "in" => "New jobs for this queue are refused (ADDJOB answers -PAUSED) until it is resumed; consumers keep taking the jobs it holds.",
        "out" => "Consumers get nothing from this queue (GETJOB waits as if it were empty) until it is resumed; producers keep adding jobs.",
        "all" => "Both: new jobs are refused and consumers get nothing, until the queue is resumed.",
        _ => "The queue takes new jobs and hands them to consumers again.",
    };

    public override IReadOnlyList<string> Commands => [CommandText.Of(["PAUSE", Queue, State])];

    public override IReadOnlyDictionary<string, string> Fields => new Dictionary<string, string> { ["do"] = "pause", ["queue"] = Queue, ["state"] = State };

    public override string ReturnTo => QueuePage(Queue);

    public override async Task<string> Run(DisqueCalls disque, CancellationToken cancellation)
    {
        var reply = DisqueReplies.Checked(await disque.Run(["PAUSE", Queue, State], cancellation).ConfigureAwait(false));
        return $"PAUSE {Queue} {State}: the queue is now paused '{reply.Text}'.";
    }
}

/// <summary>ADDJOB queue body 0 [REPLICATE n] [DELAY s] [RETRY s] [TTL s]: a new job, typed in.</summary>
internal sealed record AddJob(string Queue, string Body, IReadOnlyList<(string Option, string Value)> Options) : DashboardAction
{
    public static readonly string[] OptionNames = ["replicate", "delay", "retry", "ttl"];

    public override string Title => $"Add a job to queue {Queue}";

    public override string Explanation => "A new job with this body, queued like any producer's (its copies made before Disque answers).";

    private string[] Command => ["ADDJOB", Queue, Body, "0", .. Options.SelectMany(o => new[] { o.Option.ToUpperInvariant(), o.Value })];

    public override IReadOnlyList<string> Commands => [CommandText.Of(Command)];

    public override IReadOnlyDictionary<string, string> Fields =>
        new Dictionary<string, string>(Options.Select(o => KeyValuePair.Create(o.Option, o.Value))) { ["do"] = "addjob", ["queue"] = Queue, ["body"] = Body };

    public override string ReturnTo => QueuePage(Queue);

    public override async Task<string> Run(DisqueCalls disque, CancellationToken cancellation)
    {
        var reply = DisqueReplies.Checked(await disque.Run(Command, cancellation).ConfigureAwait(false));
        return $"ADDJOB: job {reply.Text} added to {Queue}.";
    }
}

/// <summary>
/// Moves every job of one queue into another: GETJOB NOHANG takes them, ADDJOB adds each
/// body to the target as a new job, ACKJOB then acknowledges it in the source. This
/// is how the worker host's dead-letter queue goes back to its work queue.
/// </summary>
internal sealed record MoveJobs(string Queue, string Target, int Max) : DashboardAction
{
    public const int Largest = 10_000;
    private const int Batch = 100;

    public override string Title => $"Move the jobs of {Queue} to {Target}";

    public override string Explanation =>
        $"Each job queued in {Queue} (up to {Max}) is taken, added to {Target} as a new job with the same body, then acknowledged in {Queue}. " +
        "This is how a worker host's dead-letter queue goes back to its work queue: the jobs run again, their NACK count starting at 0. " +
        $"Should this stop midway, a job may be in both queues, never in neither. Jobs being worked on (active) stay where they are.";

    public override IReadOnlyList<string> Commands =>
    [
        CommandText.Of(["GETJOB", "NOHANG", "COUNT", Batch.ToString(System.Globalization.CultureInfo.InvariantCulture), "FROM", Queue]),
        CommandText.Of(["ADDJOB", Target, "<body>", "0"]) + "   (each job: its body)",
        CommandText.Of(["ACKJOB", "<id>"]) + "   (each job: its id)",
    ];

    public override IReadOnlyDictionary<string, string> Fields => new Dictionary<string, string>
    {
        ["do"] = "move",
        ["queue"] = Queue,
        ["target"] = Target,
        ["count"] = Max.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public override string ReturnTo => QueuePage(Target);

    public override async Task<string> Run(DisqueCalls disque, CancellationToken cancellation)
    {
        var moved = 0;
        while (moved < Max)
        {
            var jobs = await disque.Client.GetJobsAsync([Queue], Math.Min(Batch, Max - moved), noHang: true, cancellation: cancellation).ConfigureAwait(false);
            if (jobs.Count == 0)
                break;
            foreach (var job in jobs)
            {
                await disque.Client.AddJobAsync(Target, job.Body, cancellation: cancellation).ConfigureAwait(false);
                await disque.Client.AckAsync([job.Id], cancellation).ConfigureAwait(false);
                moved++;
            }
        }
        return $"Moved {Words.Count(moved, "job", "jobs")} from {Queue} to {Target}.";
    }
}
