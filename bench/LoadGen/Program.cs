using Disque.LoadGen;
using Disque.LoadGen.Cycle;
using Disque.LoadGen.Memory;
using Disque.LoadGen.WarmStart;

// The job cycle (ADDJOB, GETJOB, ACKJOB) against a Disque-protocol server, over connections of its own that speak RESP with the client library's codec.
const string Usage = """
    usage:
      Disque.LoadGen cycle [--host 127.0.0.1] [--port 7711] (--max | --rate JOBS_PER_S)
            [--producers 25] [--workers 25] [--pipeline 8] [--count 50] [--wait 100] [--body-size 64]
            [--warmup 2] [--duration 10] [--jobs N] [--queue NAME] [--addjob-options "REPLICATE 2"]
            [--max-backlog 20000] [--pid SERVER_PID] [--also-pids PID,PID] [--sample-every N] [--groups N] [--unique]
        producers send ADDJOB queue body 0 (the body carries its send time); workers send
        GETJOB COUNT k and ACKJOB. Reports completed jobs/s, ADDJOB->ACKJOB latency and
        ADDJOB reply latency, counted in the window after the warm-up. --max keeps --pipeline
        ADDJOBs in flight per producer; --rate offers a fixed load whatever the replies do.
        Workers wait in GETJOB TIMEOUT --wait ms; --wait 0: GETJOB NOHANG, polling.
        --jobs N: send N jobs and stop (no window); --sample-every N with --pid: server RSS
        and GC heap every N acked jobs. --groups N: each job names one of N groups in turn
        (Disque.Orleans' GROUP gN), so the queue's groups are served in turn, one job each at once.
        --unique: each job carries a key of its own (Disque.Orleans' UNIQUE), so every ADDJOB claims a key.
        --also-pids: the other nodes of a cluster; their CPU is added to the server's (memory: --pid's alone).
      Disque.LoadGen fill --pid SERVER_PID [--host 127.0.0.1] [--port 7711] [--jobs 1000000]
            [--body-size 100] [--connections 4] [--pipeline 64] [--queue memq]
        queues --jobs jobs that nobody takes and reports the server's memory per queued job.
      Disque.LoadGen warmstart [--host 127.0.0.1] [--port 7711] [--cycles 1000] [--clients 1]
            [--ready-within 120] [--settle 5] [--body-size 64] [--queue NAME] [--pid SERVER_PID]
            [--client-warmup HOST:PORT] [--client-warmup-time 2]
        start it with (or just after) a server: it waits until the server answers PING, then
        at once times --cycles job cycles (ADDJOB, GETJOB, ACKJOB; no pipelining) over
        --clients new connections; cycles --settle seconds more, untimed; then times the
        same again on new connections. Reports first / warm per cycle, in time and (with
        --pid) in the server's CPU. --client-warmup: first cycle that long on another server,
        already running, so that LoadGen's own JIT is not counted in the first phase.
    """;

try
{
    if (args.Length == 0)
        throw new ArgumentException("Name a subcommand: cycle, fill or warmstart");
    switch (args[0])
    {
        case "cycle":
            return await RunCycle(new CommandLine(args[1..], new HashSet<string> { "max", "unique" }));
        case "fill":
            return await RunFill(new CommandLine(args[1..], new HashSet<string>()));
        case "warmstart":
            return await RunWarmStart(new CommandLine(args[1..], new HashSet<string>()));
        case "help" or "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        default:
            throw new ArgumentException($"Unknown subcommand '{args[0]}'");
    }
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

static async Task<int> RunCycle(CommandLine line)
{
    var defaults = new CycleOptions();
    var max = line.Flag("max");
    var rate = line.Decimal("rate");
    if (max == rate.HasValue)
        throw new ArgumentException("Give exactly one of --max and --rate");
    var options = new CycleOptions
    {
        Host = line.Text("host", defaults.Host),
        Port = (int)line.Number("port", defaults.Port),
        Rate = rate,
        Producers = (int)line.Number("producers", defaults.Producers),
        Workers = (int)line.Number("workers", defaults.Workers),
        Pipeline = (int)line.Number("pipeline", defaults.Pipeline),
        Count = (int)line.Number("count", defaults.Count),
        WaitMs = (int)line.Number("wait", defaults.WaitMs),
        BodySize = (int)line.Number("body-size", defaults.BodySize),
        Warmup = line.Seconds("warmup", defaults.Warmup.TotalSeconds),
        Duration = line.Seconds("duration", defaults.Duration.TotalSeconds),
        Jobs = line.Number("jobs", 0),
        Queue = line.Text("queue", defaults.Queue),
        AddJobOptions = line.Text("addjob-options", "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        MaxBacklog = line.Number("max-backlog", defaults.MaxBacklog),
        Pid = line.Text("pid") is { } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null,
        AlsoPids = [.. line.Text("also-pids", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))],
        SampleEvery = line.Number("sample-every", 0),
        Groups = (int)line.Number("groups", 0),
        Unique = line.Flag("unique"),
    };
    line.RejectUnknown();
    var report = await JobCycle.Run(options);
    Console.Write(report.Describe());
    Console.WriteLine(report.ResultLine());
    return report.Completed > 0 ? 0 : 1;
}

static async Task<int> RunFill(CommandLine line)
{
    var options = new Fill.Options(
        Host: line.Text("host", "127.0.0.1"),
        Port: (int)line.Number("port", 7711),
        Pid: (int)line.Number("pid", 0),
        Jobs: line.Number("jobs", 1_000_000),
        BodySize: (int)line.Number("body-size", 100),
        Connections: (int)line.Number("connections", 4),
        Pipeline: (int)line.Number("pipeline", 64),
        Queue: line.Text("queue", "memq"));
    line.RejectUnknown();
    if (options.Pid <= 0)
        throw new ArgumentException("fill needs --pid, the server's process id (its memory is read from /proc)");
    return await Fill.Run(options);
}

static async Task<int> RunWarmStart(CommandLine line)
{
    var defaults = new WarmStartOptions();
    var options = new WarmStartOptions
    {
        Host = line.Text("host", defaults.Host),
        Port = (int)line.Number("port", defaults.Port),
        Cycles = (int)line.Number("cycles", defaults.Cycles),
        Clients = (int)line.Number("clients", defaults.Clients),
        ReadyWithin = line.Seconds("ready-within", defaults.ReadyWithin.TotalSeconds),
        Settle = line.Seconds("settle", defaults.Settle.TotalSeconds),
        BodySize = (int)line.Number("body-size", defaults.BodySize),
        Queue = line.Text("queue", defaults.Queue),
        Pid = line.Text("pid") is { } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null,
        ClientWarmup = line.Text("client-warmup") is { } endpoint ? Endpoint(endpoint) : null,
        ClientWarmupTime = line.Seconds("client-warmup-time", defaults.ClientWarmupTime.TotalSeconds),
    };
    line.RejectUnknown();
    if (options.Clients < 1 || options.Cycles < options.Clients)
        throw new ArgumentException("--cycles must be at least --clients, and --clients at least 1");
    var report = await WarmStartRun.Run(options);
    Console.Write(report.Describe());
    Console.WriteLine(report.ResultLine());
    return report.Errors == 0 ? 0 : 1;
}

static (string Host, int Port) Endpoint(string text)
{
    var colon = text.LastIndexOf(':');
    if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port))
        throw new ArgumentException($"Expected HOST:PORT, got '{text}'");
    return (text[..colon], port);
}
