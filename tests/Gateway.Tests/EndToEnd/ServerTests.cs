using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>PING, INFO, CONFIG, HELLO, CLUSTER, unknown commands and arity, over TCP.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ServerTests(GatewayFixture gateway)
{
    [Fact]
    public async Task PING_answers_PONG_or_echoes()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();

        Assert.Equal("PONG", (string)(await db.Run("PING"))!);
        Assert.Equal("hi", (string)(await db.Run("PING", "hi"))!);
        Assert.Equal("ERR wrong number of arguments for 'ping' command", await db.ErrorOf("PING", "a", "b"));
    }

    [Fact]
    public async Task The_start_up_warm_up_sends_commands_that_answer_without_error()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var gone = await db.AddJob(DisqueCalls.NewQueue(), "gone");
        await db.Run("DELJOB", gone);

        // An error reply would throw.
        foreach (var command in Hosting.CommandPathWarmUp.Commands(gone))
            await db.ExecuteAsync(command[0], [.. command[1..]]);
        Assert.True((await db.Run("SHOW", gone)).IsNull);
    }

    [Fact]
    public async Task Unknown_commands_and_wrong_arity_use_Disque_texts()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();

        Assert.Equal("ERR unknown command 'FOOBAR'", await db.ErrorOf("FOOBAR", "x"));
        await using var raw = await RawClient.Connect(gateway.Port);
        await raw.Send("lpush x y\r\ngetjob\r\n");
        Assert.Equal("-ERR unknown command 'lpush'", await raw.ReadReply()); // the name as sent
        Assert.Equal("-ERR wrong number of arguments for 'getjob' command", await raw.ReadReply());
        Assert.Equal("ERR wrong number of arguments for 'qlen' command", await db.ErrorOf("QLEN"));
        Assert.Equal("ERR wrong number of arguments for 'getjob' command", await db.ErrorOf("getjob"));
        Assert.Equal("ERR wrong number of arguments for 'show' command", await db.ErrorOf("Show", "a", "b"));
    }

    [Fact]
    public async Task Inline_commands_work_as_in_telnet()
    {
        await using var client = await RawClient.Connect(gateway.Port);
        var queue = DisqueCalls.NewQueue();

        await client.Send($"PING\r\nqlen {queue}\r\nADDJOB {queue} \"two words\" 0\r\n");

        Assert.Equal("+PONG", await client.ReadReply());
        Assert.Equal(":0", await client.ReadReply());
        Assert.StartsWith("+D-", await client.ReadReply());
    }

    [Fact]
    public async Task QUIT_answers_OK_and_closes()
    {
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send("QUIT\r\nPING\r\n");

        Assert.Equal("+OK", await client.ReadReply());
        Assert.Null(await client.ReadReply());
    }

    [Fact]
    public async Task INFO_has_Disque_sections()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        await db.AddJob(DisqueCalls.NewQueue(), "x");

        var all = (string)(await db.Run("INFO"))!;
        foreach (var section in new[] { "# Server", "# Clients", "# Memory", "# Jobs", "# Queues", "# Stats" })
            Assert.Contains(section + "\r\n", all);
        Assert.Matches("registered_jobs:[1-9]", all);
        Assert.Matches("registered_queues:[1-9]", all);
        Assert.Matches("connected_clients:[1-9]", all);

        var jobs = (string)(await db.Run("INFO", "jobs"))!;
        Assert.StartsWith("# Jobs\r\nregistered_jobs:", jobs);
        Assert.Equal("", (string)(await db.Run("INFO", "nosuchsection"))!);
        Assert.Equal("ERR syntax error", await db.ErrorOf("INFO", "a", "b"));
    }

    [Fact]
    public async Task INFO_nodes_lists_every_silo_with_its_jobs_memory_and_counters_only_when_asked()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        await db.AddJob(DisqueCalls.NewQueue(), "x");
        var myId = (string)(await db.Run("CLUSTER", "MYID"))!;

        var nodes = (string)(await db.Run("INFO", "nodes"))!;

        Assert.StartsWith("# Nodes\r\nnode0:id=" + myId + ",", nodes);
        Assert.Contains($",resp=127.0.0.1:{gateway.Port},state=up,myself=1,", nodes);
        Assert.Matches(",jobs=[1-9][0-9]*,used_memory=[1-9][0-9]*,used_memory_rss=[1-9][0-9]*,maxmemory=[0-9]+,oom=0,jobs_added=[1-9]", nodes);
        Assert.DoesNotContain("# Nodes", (string)(await db.Run("INFO"))!); // the default sections are Disque's
    }

    [Fact]
    public async Task CONFIG_reads_and_changes_runtime_settings()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();

        Assert.Equal(["port", gateway.Port.ToString()], DisqueCalls.Strings(await db.Run("CONFIG", "GET", "port")));
        Assert.Contains("requirepass", DisqueCalls.Strings(await db.Run("CONFIG", "GET", "*")));
        Assert.Equal(["appendonly", "no"], DisqueCalls.Strings(await db.Run("CONFIG", "GET", "appendonly"))); // memory storage
        Assert.Equal("OK", (string)(await db.Run("CONFIG", "SET", "maxmemory", "2gb"))!);
        Assert.Equal(["maxmemory", (2L << 30).ToString()], DisqueCalls.Strings(await db.Run("CONFIG", "GET", "maxmemory")));
        Assert.Equal(["maxmemory", (2L << 30).ToString(), "maxmemory-samples", "5", "maxclients", "10000", "maxmemory-policy", "acks"],
            DisqueCalls.Strings(await db.Run("CONFIG", "GET", "max*")));
        Assert.Empty(DisqueCalls.Strings(await db.Run("CONFIG", "GET", "MAXMEMORY"))); // Disque's patterns are case-sensitive
        Assert.Equal("OK", (string)(await db.Run("CONFIG", "SET", "maxmemory", "1gb"))!);
        Assert.Equal("ERR Unsupported CONFIG parameter: port", await db.ErrorOf("CONFIG", "SET", "port", "1"));
        Assert.Equal("ERR Invalid argument 'lots' for CONFIG SET 'maxmemory'", await db.ErrorOf("CONFIG", "SET", "maxmemory", "lots"));
        Assert.Equal("ERR Wrong number of arguments for CONFIG get", await db.ErrorOf("CONFIG", "get"));
        Assert.Equal("ERR CONFIG subcommand must be one of GET, SET, RESETSTAT, REWRITE", await db.ErrorOf("CONFIG", "DROP"));
    }

    [Fact]
    public async Task HELLO_lists_this_node_with_its_RESP_endpoint()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();

        var hello = (RedisResult[])(await db.Run("HELLO"))!;

        Assert.Equal(1, (long)hello[0]);
        var myId = (string)hello[1]!;
        Assert.Matches("^[0-9a-f]{40}$", myId);
        Assert.Equal([myId, "127.0.0.1", gateway.Port.ToString(), "1"], DisqueCalls.Strings(hello[2]));
        Assert.Equal(3, hello.Length);
        Assert.Equal(myId, (string)(await db.Run("CLUSTER", "MYID"))!);
    }

    [Fact]
    public async Task CLUSTER_answers_its_subcommands()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();

        Assert.Equal("no", (string)(await db.Run("CLUSTER", "LEAVING"))!);
        Assert.Contains("myself", (string)(await db.Run("CLUSTER", "NODES"))!);
        Assert.StartsWith("cluster_state:ok", (string)(await db.Run("CLUSTER", "INFO"))!);
        Assert.Equal("OK", (string)(await db.Run("CLUSTER", "MEET", "127.0.0.1", gateway.Port))!);
        Assert.Equal("OK", (string)(await db.Run("CLUSTER", "MEET", "10.1.2.3", 7711))!); // Disque's handshake runs in the background
        Assert.Equal("ERR Invalid node address specified: 10.1.2:7711", await db.ErrorOf("CLUSTER", "MEET", "10.1.2", 7711));
        Assert.Equal("ERR Invalid TCP port specified: port", await db.ErrorOf("CLUSTER", "MEET", "10.1.2.3", "port"));
        Assert.Equal("ERR Invalid node identifier", await db.ErrorOf("CLUSTER", "FORGET", "abc"));
        Assert.Equal("ERR Unknown node " + new string('a', 40), await db.ErrorOf("CLUSTER", "FORGET", new string('a', 40)));
        Assert.Equal("ERR Wrong argument for CLUSTER LEAVING. Use 'yes' or 'no'", await db.ErrorOf("CLUSTER", "LEAVING", "maybe"));
        Assert.Equal("ERR Wrong CLUSTER subcommand or number of arguments", await db.ErrorOf("CLUSTER", "DANCE"));
    }
}
