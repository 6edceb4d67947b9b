using System.Diagnostics;
using Disque.Client.Resp;
using Disque.Differential;
using Disque.Gateway.Tests.EndToEnd;
using Disque.Gateway.Tests.Golden;

// The differential harness: starts a real Disque and a gateway on spare ports, runs
// every golden case on both, and prints the cases whose replies differ. With
// --record it writes Disque's replies into the case file, which the replay test
// (tests/Gateway.Tests/Golden) then holds the gateway to in CI.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("""
        usage: Disque.Differential --disque PATH [--gateway DLL] [--cases FILE] [--record] [--only TEXT]
          --disque   disque-server 1.0-rc1 (or $DISQUE_SERVER)
          --gateway  the gateway's built program (default Gateway/bin/Release/net10.0/Disque.Gateway.dll)
          --cases    the case file (default tests/Gateway.Tests/Golden/disque-1.0-rc1.cases)
          --record   write Disque's replies into the case file
          --only     run the cases whose name contains TEXT
        """);
    return 2;
}

var cases = GoldenFile.Parse(options.Cases).Where(c => options.Only is null || c.Name.Contains(options.Only, StringComparison.Ordinal)).ToList();
var onPurpose = Intended.FromReadme(Path.Combine(options.Root, "README.md"));
await using var disque = await Server.StartDisque(options.Disque);
await using var gateway = await Server.StartGateway(options.Gateway);

var recorded = new Dictionary<string, IReadOnlyList<string>>();
int same = 0, allowed = 0, differ = 0;
foreach (var golden in cases)
{
    var (theirs, ours) = await Compare(golden);
    if (!theirs.SequenceEqual(ours))
        (theirs, ours) = await Compare(golden); // once more: a second boundary or a slow turn may fall between two steps
    recorded[golden.Name] = theirs;
    if (theirs.SequenceEqual(ours))
    {
        same++;
        continue;
    }
    var reason = Intended.Reason(golden);
    if (reason is not null && onPurpose.Contains(reason))
        allowed++;
    else
        differ++;
    Report(golden, theirs, ours, reason is not null && onPurpose.Contains(reason) ? $"on purpose: {reason}" : null);
}

Console.WriteLine($"{cases.Count} cases: {same} equal, {differ} differ, {allowed} differ on purpose (README)");
if (options.Record)
{
    var all = GoldenFile.Parse(options.Cases);
    GoldenFile.Write(options.Cases, all, recorded, File.ReadAllText(options.Cases).Split("\n## ")[0].TrimEnd('\n') + "\n");
    Console.WriteLine($"recorded Disque's replies in {options.Cases}");
}
return differ == 0 ? 0 : 1;

async Task<(IReadOnlyList<string>, IReadOnlyList<string>)> Compare(GoldenCase golden)
{
    var theirs = await new CaseRunner("127.0.0.1", disque.Port).Run(golden);
    var ours = await new CaseRunner("127.0.0.1", gateway.Port).Run(golden);
    return (theirs, ours);
}

static void Report(GoldenCase golden, IReadOnlyList<string> theirs, IReadOnlyList<string> ours, string? reason)
{
    Console.WriteLine(reason is null ? $"DIFF {golden.Name}" : $"DIFF ({reason}) {golden.Name}");
    var index = 0;
    foreach (var step in golden.Steps.Where(s => s.HasReply))
    {
        var t = index < theirs.Count ? theirs[index] : "(missing)";
        var o = index < ours.Count ? ours[index] : "(missing)";
        index++;
        if (t == o)
            continue;
        Console.WriteLine($"  {step}");
        Console.WriteLine($"    disque : {t}");
        Console.WriteLine($"    gateway: {o}");
    }
}

namespace Disque.Differential
{
    internal sealed record Options(string Disque, string Gateway, string Cases, bool Record, string? Only, string Root)
    {
        public static Options? Parse(string[] args)
        {
            var root = FindRoot();
            string? disque = Environment.GetEnvironmentVariable("DISQUE_SERVER"), only = null;
            var gateway = Path.Combine(root, "Gateway", "bin", "Release", "net10.0", "Disque.Gateway.dll");
            var cases = Path.Combine(root, "tests", "Gateway.Tests", "Golden", "disque-1.0-rc1.cases");
            var record = false;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--disque" when i + 1 < args.Length: disque = args[++i]; break;
                    case "--gateway" when i + 1 < args.Length: gateway = args[++i]; break;
                    case "--cases" when i + 1 < args.Length: cases = args[++i]; break;
                    case "--only" when i + 1 < args.Length: only = args[++i]; break;
                    case "--record": record = true; break;
                    default: return null;
                }
            }
            return string.IsNullOrEmpty(disque) ? null : new Options(disque, gateway, cases, record, only, root);
        }

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Disque.Orleans.sln")))
                    return dir.FullName;
            return Directory.GetCurrentDirectory();
        }
    }

    /// <summary>The README's list of differences on purpose: each bullet opens with its name in bold.</summary>
    internal static class Intended
    {
        public static HashSet<string> FromReadme(string path)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var inList = false;
            foreach (var line in File.ReadLines(path))
            {
                if (line.Contains("Where we differ on purpose", StringComparison.Ordinal))
                    inList = true;
                else if (inList && line.StartsWith("- **", StringComparison.Ordinal))
                    names.Add(line[4..line.IndexOf("**", 4, StringComparison.Ordinal)]);
                else if (inList && line.StartsWith('#'))
                    break;
            }
            return names;
        }

        /// <summary>A case that differs on purpose says so in a comment: <c># on purpose: NAME</c>, NAME being a README bullet.</summary>
        public static string? Reason(GoldenCase golden) => GoldenFile.OnPurpose(golden);
    }

    /// <summary>A server process on a spare port, in an empty directory of its own, stopped and removed at the end.</summary>
    internal sealed class Server : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _directory;

        private Server(Process process, string directory, int port) => (_process, _directory, Port) = (process, directory, port);

        public int Port { get; }

        public static Task<Server> StartDisque(string binary)
        {
            int port;
            do
                port = Disque.Tests.FreePorts.Next();
            while (!IsFree(port + 10_000)); // Disque's cluster bus listens there
            return Start(binary, [], ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1"], port);
        }

        public static Task<Server> StartGateway(string program)
        {
            var port = Disque.Tests.FreePorts.Next();
            return Start("dotnet", [program],
            [
                $"--Disque:Port={port}", $"--Disque:SiloPort={Disque.Tests.FreePorts.Next()}", $"--Disque:GatewayPort={Disque.Tests.FreePorts.Next()}",
                $"--Disque:ClusterId=differential-{port}", "--Logging:LogLevel:Default=Warning",
            ], port);
        }

        private static bool IsFree(int port)
        {
            try
            {
                using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }

        private static async Task<Server> Start(string file, string[] first, string[] rest, int port)
        {
            var directory = Directory.CreateTempSubdirectory("disque-differential-").FullName;
            var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in first.Concat(rest))
                start.ArgumentList.Add(arg);
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[{Path.GetFileName(file)}] {e.Data}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new Server(process, directory, port);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                try
                {
                    await using var probe = await RawClient.Connect(port);
                    await probe.Send(new RespCommand("PING"));
                    if (await probe.ReadReply(5_000) == "+PONG")
                        return server;
                }
                catch (Exception error) when ((error is System.Net.Sockets.SocketException or IOException or TimeoutException) && DateTime.UtcNow < deadline && !process.HasExited)
                {
                }
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    await server.DisposeAsync();
                    throw new InvalidOperationException($"{file} did not start on port {port}");
                }
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
