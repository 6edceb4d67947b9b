namespace Disque;

/// <summary>
/// An error as Disque words it: a code (ERR, NOREPL, PAUSED, ...) and a message.
/// Every text the cluster answers lives below, so the wording stays Disque's and
/// callers of the grains see the same errors as RESP clients.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DisqueError([property: Id(0)] string Code, [property: Id(1)] string Message)
{
    /// <summary>The line a RESP client reads after the '-'.</summary>
    public override string ToString() => $"{Code} {Message}";

    private static DisqueError Err(string message) => new("ERR", message);

    public static readonly DisqueError Syntax = Err("syntax error");
    public static readonly DisqueError NotInteger = Err("value is not an integer or out of range");
    public static readonly DisqueError BadTimeout = Err("timeout is not an integer or out of range");
    public static readonly DisqueError NegativeTimeout = Err("timeout is negative");
    public static readonly DisqueError BadReplicate = Err("REPLICATE must be between 1 and 65535");
    public static readonly DisqueError BadTtl = Err("TTL must be a number > 0");
    public static readonly DisqueError BadRetry = Err("RETRY time must be a non negative number");
    public static readonly DisqueError BadDelay = Err("DELAY time must be a non negative number");
    public static readonly DisqueError BadMaxLen = Err("MAXLEN must be a positive number");
    public static readonly DisqueError AtMostOnceReplicate = Err("With RETRY set to 0 please explicitly set  REPLICATE to 1 (at-most-once delivery)");
    public static readonly DisqueError DelayNotBelowTtl = Err("The specified DELAY is greater than TTL. Job refused since would never be delivered");
    public static readonly DisqueError BadCount = Err("COUNT must be a number greater than zero");
    public static readonly DisqueError BadCursor = Err("invalid cursor or option name");
    public static readonly DisqueError BadStateName = Err("Invalid job state name");
    public static readonly DisqueError BadReplyType = Err("Invalid REPLY type, try ID or ALL");
    public static readonly DisqueError NoPassword = Err("Client sent AUTH, but no password is set");
    public static readonly DisqueError WrongPassword = Err("invalid password");
    public static readonly DisqueError InternalError = Err("Internal error creating the job, check server logs");
    public static readonly DisqueError CommandFailed = Err("Internal error running the command, check server logs");

    public static readonly DisqueError BadId = new("BADID", "Invalid Job ID format.");
    public static readonly DisqueError NoJob = new("NOJOB", "Job not known in the context of this node.");
    public static readonly DisqueError TooLate = new("TOOLATE", "Half of job TTL already elapsed, you are no longer allowed to postpone the next delivery.");
    public static readonly DisqueError MaxLen = new("MAXLEN", "Queue is already longer than the specified MAXLEN count");
    public static readonly DisqueError Paused = new("PAUSED", "Queue paused in input, try later");
    public static readonly DisqueError NoAuth = new("NOAUTH", "Authentication required.");
    public static readonly DisqueError ProtectedMode = new("DENIED", "Disque is running in protected mode because protected mode is enabled, it is bound beyond loopback (Disque:Bind) and no authentication password is requested to clients. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Disque you may adopt one of the following solutions: 1) Set an authentication password with Disque:Password (or CONFIG SET requirepass from the loopback interface). 2) Bind to the loopback address only, with Disque:Bind. 3) If you really mean anyone who can reach this port to use it, restart the server with Disque:ProtectedMode=false, and MAKE SURE it is not reachable from the internet. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.");
    public static readonly DisqueError Leaving = new("LEAVING", "This node is leaving the cluster, please connect to a different one");

    private const string NotEnoughNodes = "Not enough reachable nodes for the requested replication level";
    public static readonly DisqueError NoRepl = new("NOREPL", NotEnoughNodes);
    public static readonly DisqueError NoReplOutOfMemory = new("NOREPL", NotEnoughNodes + ", since I'm unable to hold a copy of the message for the following reason: I'm out of memory");
    public static readonly DisqueError NoReplLeaving = new("NOREPL", NotEnoughNodes + ", since I'm unable to hold a copy of the message for the following reason: I'm leaving the cluster");
    public static readonly DisqueError ReplicationTimeout = new("NOREPL", "Timeout reached before replicating to the requested number of nodes");
    public static readonly DisqueError RemovedBeforeReplication = new("NOREPL", "job removed (expired?) before the requested replication level was achieved");

    public static readonly DisqueError ConfigSubcommand = Err("CONFIG subcommand must be one of GET, SET, RESETSTAT, REWRITE");
    public static readonly DisqueError NoConfigFile = Err("The server is running without a config file");
    public static readonly DisqueError ClusterSubcommand = Err("Wrong CLUSTER subcommand or number of arguments");
    public static readonly DisqueError LeavingArgument = Err("Wrong argument for CLUSTER LEAVING. Use 'yes' or 'no'");
    public static readonly DisqueError BadNodeId = Err("Invalid node identifier");
    public static readonly DisqueError ForgetMyself = Err("I tried hard but I can't forget myself...");

    public static readonly DisqueError CommandSubcommand = Err("Unknown subcommand or wrong number of arguments.");
    public static readonly DisqueError ClientSyntax = Err("Syntax error, try CLIENT (LIST | KILL ip:port | GETNAME | SETNAME connection-name)");
    public static readonly DisqueError ClientName = Err("Client names cannot contain spaces, newlines or special characters.");
    public static readonly DisqueError NoSuchClient = Err("No such client");
    public static readonly DisqueError MaxClients = Err("max number of clients reached");
    public static readonly DisqueError SlowlogSubcommand = Err("Unknown SLOWLOG subcommand or wrong # of args. Try GET, RESET, LEN.");
    public static readonly DisqueError LoadJobFromAof = Err("LOADJOB is a special command only processed from AOF");
    public static readonly DisqueError NoAofRewrite = Err("Background append only file rewriting is not available: jobs are journaled one by one (Disque:Storage=redis), there is no file to rewrite");
    public static readonly DisqueError ResetWithOtherNodes = Err("CLUSTER RESET is refused while other silos are members: membership is Orleans', use CLUSTER FORGET on each");

    // SCHEDULE (ours): recurring schedules.
    public static readonly DisqueError ScheduleSubcommand = Err("SCHEDULE subcommand must be one of SET, SHOW, LIST, PAUSE, RESUME, DEL");
    public static readonly DisqueError BadMissedPolicy = Err("MISSED must be skip or catchup");

    public static DisqueError BadCron(string expression, string reason) => Err($"invalid cron expression '{expression}': {reason}");

    public static DisqueError UnknownTimeZone(string zone) => Err($"unknown time zone '{zone}'");

    public static DisqueError UnknownSchedule(string name) => Err($"unknown schedule '{name}'");

    public static DisqueError ScheduleWrongArity(string subcommand) => Err($"wrong number of arguments for 'schedule|{subcommand.ToLowerInvariant()}' command");

    public static DisqueError UnknownClientType(string type) => Err($"Unknown client type '{type}'");

    public static DisqueError NoLatencySamples(string eventName) => Err($"No samples available for event '{eventName}'");

    public static DisqueError DebugSubcommand(string subcommand) => Err($"Unknown DEBUG subcommand or wrong number of arguments for '{subcommand}'");

    public static DisqueError BadPort(string port) => Err($"Invalid TCP port specified: {port}");

    public static DisqueError SavingClusterConfig(string reason) => Err($"error saving the cluster node config: {reason}");

    // Protocol errors, worded as Redis and Disque word them: the connection closes after one.
    public static readonly DisqueError InvalidMultiBulkLength = Err("Protocol error: invalid multibulk length");
    public static readonly DisqueError InvalidBulkLength = Err("Protocol error: invalid bulk length");
    public static readonly DisqueError TooBigMultiBulkCount = Err("Protocol error: too big mbulk count string");
    public static readonly DisqueError TooBigBulkCount = Err("Protocol error: too big bulk count string");
    public static readonly DisqueError TooBigInline = Err("Protocol error: too big inline request");
    public static readonly DisqueError UnbalancedQuotes = Err("Protocol error: unbalanced quotes in request");
    public static readonly DisqueError UnauthenticatedMultiBulkLength = Err("Protocol error: unauthenticated multibulk length");
    public static readonly DisqueError UnauthenticatedBulkLength = Err("Protocol error: unauthenticated bulk length");

    public static DisqueError ExpectedDollar(byte got) => Err($"Protocol error: expected '$', got '{(char)got}'");

    public static DisqueError ConfigUnsupported(string name) => Err($"Unsupported CONFIG parameter: {name}");

    public static DisqueError ConfigInvalid(string value, string name) => Err($"Invalid argument '{value}' for CONFIG SET '{name}'");

    public static DisqueError ConfigWrongArity(string subcommand) => Err($"Wrong number of arguments for CONFIG {subcommand}");

    public static DisqueError UnknownNode(string id) => Err($"Unknown node {id}");

    public static DisqueError BadNodeAddress(string address) => Err($"Invalid node address specified: {address}");

    public static DisqueError UnknownCommand(string name) => Err($"unknown command '{name.Replace('\r', ' ').Replace('\n', ' ')}'");

    public static DisqueError WrongArity(string lowercaseName) => Err($"wrong number of arguments for '{lowercaseName}' command");

    // Ours, beyond Disque: the failure policy, priorities and verdicts, worded as Disque words its own options.
    public static readonly DisqueError BadPriority = Err("PRIORITY must be between 0 and 1000");
    public static readonly DisqueError BadMaxDeliveries = Err("MAXDELIVERIES must be between 1 and 1000000");
    public static readonly DisqueError BadBackoff = Err("BACKOFF needs a base of at least 1 second and a cap not below its base (at most a year)");
    public static readonly DisqueError DeadLetterIsQueue = Err("DEADLETTER must name a queue other than the job's own");
    public static readonly DisqueError BadReason = Err("REASON must be at most 1024 bytes");
    public static readonly DisqueError BadGroupLimit = Err("GROUPLIMIT must be between 1 and 100000");
    public static readonly DisqueError BadGroup = Err("GROUP must be a name of 1 to 256 bytes");
    public static readonly DisqueError GroupLimitWithoutGroup = Err("GROUPLIMIT needs GROUP");
    public static readonly DisqueError GroupAtMostOnce = Err("GROUP needs a RETRY above 0: an at-most-once job would hold its group's place until its TTL");
    public static readonly DisqueError GroupHomeUnreachable = new("NOREPL", "The node serving this job's group can't be reached: try again");

    // Ours (issue 21): unique jobs, waits, dependencies and batches.
    public static readonly DisqueError BadUniqueKey = Err("UNIQUE key must be 1 to 256 bytes");
    public static readonly DisqueError BadUniqueFor = Err("UNIQUEFOR must be between 0 and 2592000 seconds, after UNIQUE");
    public static readonly DisqueError UniqueUnsure = Err("The UNIQUE key's holder could not be checked on every node, try again");
    public static readonly DisqueError BadAfter = Err("AFTER needs 1 to 1000 comma-separated job IDs");
    public static readonly DisqueError BadOnFail = Err("ONFAIL must be CANCEL or QUEUE, after AFTER");
    public static readonly DisqueError UnknownDependency = Err("AFTER names a job not known in the context of this cluster");
    public static readonly DisqueError FailedDependency = Err("AFTER names a job that already failed (dead letter, expired or deleted)");
    public static readonly DisqueError EmptyBatch = Err("BATCH needs at least one job ID before THEN");
    public static readonly DisqueError BatchSyntax = Err("syntax error, try BATCH name id [id ...] THEN queue body ms-timeout [options]");
}
