namespace Disque.Cluster.Tests;

/// <summary>
/// A real cluster in separate processes on loopback: a redis-server holding the
/// Orleans membership table, gateways (silos serving RESP) and plain silos.
/// Failure detection is tuned down so a killed silo is declared dead in about a second.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<NodeProcess> _processes = [];
    private readonly ProcessOwner _owner = new();
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private Func<string, IEnumerable<string>> _settings = _ => [];

    public int RedisPort { get; } = FreePorts.Next();

    /// <summary>The redis-server holding the membership table.</summary>
    public NodeProcess Redis => _processes[0];

    public List<Node> Nodes { get; } = [];

    public sealed record Node(string Name, int RespPort, NodeProcess Process)
    {
        public bool IsGateway => RespPort > 0;
    }

    /// <param name="settings">Extra settings for a node, by its name (gateway0, silo0, ...).</param>
    public static async Task<LocalCluster> Start(int gateways, int silos, Func<string, IEnumerable<string>>? settings = null)
    {
        var cluster = new LocalCluster { _settings = settings ?? (_ => []) };
        try
        {
            cluster._processes.Add(NodeProcess.Start("redis", "redis-server",
                ["--port", cluster.RedisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], owner: cluster._owner));
            await cluster.WaitForRedis();
            for (var i = 0; i < gateways; i++)
                cluster.AddNode($"gateway{i}", gateway: true);
            for (var i = 0; i < silos; i++)
                cluster.AddNode($"silo{i}", gateway: false);
            await cluster.WaitUntilFormed();
            return cluster;
        }
        catch
        {
            // Nobody else holds the cluster yet: stop what it started before the failure goes up.
            await cluster.DisposeAsync();
            throw;
        }
    }

    public IEnumerable<Node> Gateways => Nodes.Where(n => n.IsGateway);

    /// <summary>Kills every silo (SIGKILL, all at once) and starts the same topology again on the same membership Redis.</summary>
    public async Task RestartAll()
    {
        var gateways = Gateways.Count();
        var silos = Nodes.Count - gateways;
        foreach (var node in Nodes)
            node.Process.Kill();
        Nodes.Clear();
        for (var i = 0; i < gateways; i++)
            AddNode($"gateway{i}", gateway: true);
        for (var i = 0; i < silos; i++)
            AddNode($"silo{i}", gateway: false);
        await WaitUntilFormed();
    }

    /// <summary>Starts a node again after it was killed: the same name and role, and a gateway on the same RESP port, so its clients find it again.</summary>
    public async Task Restart(Node node)
    {
        Assert.True(node.Process.HasExited, $"{node.Name} still runs");
        Nodes.Remove(node);
        AddNode(node.Name, node.IsGateway, node.RespPort);
        await WaitUntilFormed();
    }

    private void AddNode(string name, bool gateway, int respPort = 0)
    {
        var project = gateway ? "Gateway" : "Silo";
        var program = BuildOutput.Program(project, $"Disque.{project}");
        if (gateway && respPort == 0)
            respPort = FreePorts.Next();
        List<string> args =
        [
            program,
            "--Disque:Clustering=redis", $"--Disque:RedisConnection=127.0.0.1:{RedisPort}",
            $"--Disque:SiloPort={FreePorts.Next()}", $"--Disque:GatewayPort={FreePorts.Next()}",
            $"--Disque:ClusterId={_clusterId}", $"--Disque:ServiceId={_clusterId}", "--Disque:FastFailureDetection=true",
            "--Disque:AdvertisedIP=127.0.0.1",
        ];
        if (gateway)
            args.Add($"--Disque:Port={respPort}");
        args.AddRange(_settings(name));
        var process = NodeProcess.Start(name, "dotnet", args, Path.GetDirectoryName(program), _owner);
        _processes.Add(process);
        Nodes.Add(new Node(name, respPort, process));
    }

    /// <summary>Every gateway answers, and each sees every silo of the cluster.</summary>
    private async Task WaitUntilFormed()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        foreach (var gateway in Gateways)
        {
            while (true)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{gateway.Name} did not join the cluster in time; logs in {NodeProcess.LogDirectory}");
                Assert.False(gateway.Process.HasExited, $"{gateway.Name} exited; logs in {NodeProcess.LogDirectory}");
                try
                {
                    await using var connection = await RespConnection.Open(gateway.RespPort);
                    var info = (string)(await connection.Call("CLUSTER", "INFO"))!;
                    if (info.Contains($"cluster_known_nodes:{Nodes.Count}\r\n"))
                        break;
                }
                catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException)
                {
                }
                await Task.Delay(250);
            }
        }
    }

    private async Task WaitForRedis()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await using var redis = await RespConnection.Open(RedisPort);
                if ((string?)await redis.Call("PING") == "PONG")
                    return;
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("redis-server did not start.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
            await process.DisposeAsync();
        _owner.Sweep();
    }
}
