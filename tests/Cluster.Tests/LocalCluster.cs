using System.Net;

namespace Disque.Cluster.Tests;

/// <summary>
/// A real cluster in separate processes, on loopback unless a network says otherwise: a
/// redis-server holding the Orleans membership table, gateways (silos serving RESP) and
/// plain silos. Failure detection is tuned down so a killed silo is declared dead in about a second.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<NodeProcess> _processes = [];
    private readonly ProcessOwner _owner = new();
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private Func<string, IEnumerable<string>> _settings = _ => [];
    private IClusterNetwork _network = new LoopbackNetwork();

    public int RedisPort { get; } = FreePorts.Next();

    /// <summary>The redis-server holding the membership table.</summary>
    public NodeProcess Redis => _processes[0];

    public List<Node> Nodes { get; } = [];

    public sealed record Node(string Name, IPAddress Address, int RespPort, NodeProcess Process)
    {
        public bool IsGateway => RespPort > 0;

        /// <summary>Where the gateway serves RESP.</summary>
        public IPEndPoint Resp => new(Address, RespPort);
    }

    /// <param name="settings">Extra settings for a node, by its name (gateway0, silo0, ...).</param>
    /// <param name="network">Where the nodes run and reach each other; none: all on loopback.</param>
    public static async Task<LocalCluster> Start(int gateways, int silos, Func<string, IEnumerable<string>>? settings = null, IClusterNetwork? network = null)
    {
        var cluster = new LocalCluster { _settings = settings ?? (_ => []), _network = network ?? new LoopbackNetwork() };
        try
        {
            cluster._processes.Add(await StartRedis("redis", new IPEndPoint(cluster._network.RedisAddress, cluster.RedisPort), cluster._owner));
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
        Respawn(node);
        await WaitUntilFormed();
    }

    /// <summary>Starts a node again after it exited (as <see cref="Restart"/>), without waiting for it to join.</summary>
    public void Respawn(Node node)
    {
        Assert.True(node.Process.HasExited, $"{node.Name} still runs");
        Nodes.Remove(node);
        AddNode(node.Name, node.IsGateway, node.RespPort);
    }

    /// <summary>A node stopped for good (SIGTERM, as a rolling restart stops one): it is no longer counted among the members.</summary>
    public void Forget(Node node)
    {
        Assert.True(node.Process.HasExited, $"{node.Name} still runs");
        Nodes.Remove(node);
    }

    /// <summary>Starts a new plain silo (new ports, a new member) and waits until every gateway sees it.</summary>
    public async Task<Node> AddSilo(string name)
    {
        AddNode(name, gateway: false);
        await WaitUntilFormed();
        return Nodes[^1];
    }

    /// <summary>Where this cluster's nodes run.</summary>
    public IClusterNetwork Network => _network;

    /// <summary>Starts one more node (its settings from the cluster's), without waiting for it to join.</summary>
    public Node Add(string name, bool gateway)
    {
        AddNode(name, gateway);
        return Nodes[^1];
    }

    private void AddNode(string name, bool gateway, int respPort = 0)
    {
        var project = gateway ? "Gateway" : "Silo";
        var program = BuildOutput.Program(project, $"Disque.{project}");
        var address = _network.AddressOf(name);
        if (gateway && respPort == 0)
            respPort = FreePorts.Next();
        List<string> command =
        [
            .. _network.Prefix(name), "dotnet", program,
            "--Disque:Clustering=redis", $"--Disque:RedisConnection={_network.RedisAddress}:{RedisPort}",
            $"--Disque:SiloPort={FreePorts.Next()}", $"--Disque:GatewayPort={FreePorts.Next()}",
            $"--Disque:ClusterId={_clusterId}", $"--Disque:ServiceId={_clusterId}", "--Disque:FastFailureDetection=true",
            $"--Disque:AdvertisedIP={address}",
        ];
        if (gateway)
        {
            command.AddRange([$"--Disque:Port={respPort}", $"--Disque:Bind={address}"]);
            // In a network of namespaces the test's clients reach a gateway from the bridge, not from its host:
            // the test network is the trusted one protected mode would otherwise keep them out of.
            if (!IPAddress.IsLoopback(address))
                command.Add("--Disque:ProtectedMode=false");
        }
        command.AddRange(_settings(name));
        var process = NodeProcess.Start(name, command[0], command[1..], Path.GetDirectoryName(program), _owner);
        _processes.Add(process);
        Nodes.Add(new Node(name, address, respPort, process));
    }

    /// <summary>Every gateway answers, and each sees every silo of the cluster.</summary>
    public async Task WaitUntilFormed()
    {
        foreach (var gateway in Gateways)
        {
            await Wait.Until(async () =>
            {
                Assert.False(gateway.Process.HasExited, $"{gateway.Name} exited; logs in {NodeProcess.LogDirectory}");
                return await SeesEverySilo(gateway);
            }, seconds: 90, what: $"{gateway.Name} sees all {Nodes.Count} silos (logs in {NodeProcess.LogDirectory})");
        }
    }

    /// <summary>Whether every node runs and every gateway sees every silo, now.</summary>
    public async Task<bool> IsFormed()
    {
        if (Nodes.Any(n => n.Process.HasExited))
            return false;
        foreach (var gateway in Gateways)
            if (!await SeesEverySilo(gateway))
                return false;
        return true;
    }

    private async Task<bool> SeesEverySilo(Node gateway) =>
        await Answers(gateway.Resp, "CLUSTER", "INFO") is string info && info.Contains($"cluster_known_nodes:{Nodes.Count}\r\n");

    /// <summary>A redis-server that keeps nothing on disk, answering on <paramref name="endpoint"/>: the membership table's, or a test's own (a journal apart).</summary>
    /// <param name="owner">Who sweeps it; none: the process owns itself and goes when disposed.</param>
    public static async Task<NodeProcess> StartRedis(string name, IPEndPoint endpoint, ProcessOwner? owner = null)
    {
        var redis = NodeProcess.Start(name, "redis-server",
            ["--port", endpoint.Port.ToString(), "--bind", endpoint.Address.ToString(), "--protected-mode", "no", "--save", "", "--appendonly", "no"], owner: owner);
        try
        {
            await Wait.Until(async () => await Answers(endpoint, "PING") is "PONG", what: $"{name} (redis-server) answers");
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command's answer, or null while the server cannot be reached.</summary>
    private static async Task<object?> Answers(IPEndPoint server, params object[] command)
    {
        try
        {
            await using var connection = await TestClient.Open(server);
            return await connection.Call(command);
        }
        catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
            await process.DisposeAsync();
        _owner.Sweep();
    }
}
