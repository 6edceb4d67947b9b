using System.Diagnostics;
using Disque.Client.Hosting;
using Disque.Cluster;
using Disque.Gateway.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Disque.Client.Tests.Tracing;

/// <summary>
/// A job's trace, in an in-memory exporter: two gateways (silos) in this process over a real
/// redis-server membership table; a producer adds a REPLICATE 2 job through one, a worker host
/// takes it through the other. Its spans and the gateways' land in the same exporter.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class JobTraceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private sealed record Greeting(string Text);

    [Fact]
    public async Task One_trace_goes_from_AddJobAsync_to_the_workers_handler_and_its_ACK_across_two_silos()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(DisqueClientTracing.SourceName, DisqueTracing.SourceName)
            .AddInMemoryExporter(spans)
            .Build();
        var redisPort = FreePorts.Next();
        await using var redis = NodeProcess.Start("redis", "redis-server", ["--port", $"{redisPort}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await Wait.Until(async () =>
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, redisPort);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, what: "redis-server listens");
        var clusterId = "trace-" + Guid.NewGuid().ToString("N")[..8];
        await using var producerSide = await ClusteredGateway.Start(redisPort, clusterId);
        await using var workerSide = await ClusteredGateway.Start(redisPort, clusterId);
        await Wait.Until(() => producerSide.Cluster.Active.Count == 2 && workerSide.Cluster.Active.Count == 2, seconds: 60, what: "both silos see each other");

        var queue = "traced-" + Guid.NewGuid().ToString("N")[..8];
        var handled = new TaskCompletionSource<ActivityContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = await StartWorker(workerSide.Port, queue, handled);
        await using (worker.ConfigureAwait(false))
        {
            await using var producer = new DisqueClient(new DisqueClientOptions { Endpoints = [$"127.0.0.1:{producerSide.Port}"], SendTraceContext = true });
            var id = await producer.AddJobAsync(queue, JobBody.Create("greet", new Greeting("hello")), new AddJobOptions { Replicate = 2 });

            var inHandler = await handled.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var send = Single(spans, $"send {queue}");
            Assert.Equal(send.TraceId, inHandler.TraceId);
            Assert.Equal(id, send.GetTagItem(DisqueClientTracing.JobIdTag));

            // The ACK's span ends after the handler, and the process span after the ACK: wait for both, then read the whole trace.
            await Wait.Until(() => Snapshot(spans).Any(s => s.OperationName == "ACKJOB" && s.Kind == ActivityKind.Client)
                && Snapshot(spans).Any(s => s.OperationName == $"process {queue}"), what: "the worker's ACKJOB and process spans");
            var trace = Snapshot(spans).Where(s => s.TraceId == send.TraceId).ToList();
            var process = Assert.Single(trace, s => s.OperationName == $"process {queue}");
            Assert.Equal(ActivityKind.Consumer, process.Kind);
            Assert.Equal(send.SpanId, process.ParentSpanId);
            Assert.Contains(process.Links, l => l.Context.SpanId == send.SpanId);
            Assert.Equal(id, process.GetTagItem(DisqueClientTracing.JobIdTag));
            var ack = Assert.Single(trace, s => s.OperationName == "ACKJOB" && s.Kind == ActivityKind.Client);
            Assert.Equal(process.SpanId, ack.ParentSpanId);
            Assert.Equal(id, ack.GetTagItem(DisqueClientTracing.JobIdTag));

            // The producer's gateway made the job: its ADDJOB span is the child of the producer's.
            var addJob = Assert.Single(trace, s => s.OperationName == "ADDJOB" && s.Kind == ActivityKind.Server);
            Assert.Equal(send.SpanId, addJob.ParentSpanId);
            Assert.Equal(producerSide.Cluster.SelfNodeId, addJob.GetTagItem(DisqueTracing.NodeTag));
            Assert.Equal(queue, addJob.GetTagItem(DisqueTracing.QueueTag));
            Assert.Equal(id, addJob.GetTagItem(DisqueTracing.JobIdTag));
            Assert.Equal(2L, addJob.GetTagItem(DisqueTracing.ReplicateTag));
            // The store's turn that made it, posted by the gateway, is the ADDJOB span's child: the trace flows through posted work.
            Assert.Contains(trace, s => s.OperationName == "store turn" && s.ParentSpanId == addJob.SpanId);

            // The other silo took the job's copy (REPLJOB) and heard of its ACK (SETACK or DELJOB), in Disque's words.
            var onWorkerSide = Snapshot(spans).Where(s => Equals(s.GetTagItem(DisqueTracing.NodeTag), workerSide.Cluster.SelfNodeId)).ToList();
            var copy = Assert.Single(onWorkerSide, s => s.OperationName == "REPLJOB" && Names(s, id));
            Assert.Equal(queue, copy.GetTagItem(DisqueTracing.QueueTag));
            Assert.Equal(2, copy.GetTagItem(DisqueTracing.ReplicateTag));
            await Wait.Until(() => Snapshot(spans).Any(s => s.OperationName is "SETACK" or "DELJOB" && Names(s, id)
                && Equals(s.GetTagItem(DisqueTracing.NodeTag), workerSide.Cluster.SelfNodeId)), what: "the ACK reached the copy");
            foreach (var span in Snapshot(spans).Where(s => s.TraceId == send.TraceId || Names(s, id)))
                output.WriteLine($"{span.StartTimeUtc:HH:mm:ss.fff} {span.Source.Name} {span.Kind} {span.OperationName} node={span.GetTagItem(DisqueTracing.NodeTag)} {(span.TraceId == send.TraceId ? "in the producer's trace" : "a trace of its own")}");
        }
    }

    [Fact]
    public async Task A_traced_body_carries_the_producers_context_first_and_reads_as_before()
    {
        var body = JobBody.Create("greet", new Greeting("hello"));
        Assert.False(JobBody.TryReadTraceContext(body, out _));
        using var span = new Activity("send q").SetIdFormat(ActivityIdFormat.W3C).Start();
        var traced = JobBody.WithTraceContext(body, span).ToArray();
        Assert.True(JobBody.TryReadTraceContext(traced, out var carried));
        Assert.Equal(span.TraceId, carried.TraceId);
        Assert.Equal(span.SpanId, carried.SpanId);
        Assert.True(JobBody.TryRead(traced, out var name, out var payload));
        Assert.Equal("greet", name);
        Assert.Equal("hello", payload.GetProperty("Text").GetString());
        // A body the envelope did not make is left alone.
        Assert.Equal("plain"u8.ToArray(), JobBody.WithTraceContext("plain"u8.ToArray(), span).ToArray());
    }

    private static bool Names(Activity span, string id) => span.GetTagItem(DisqueTracing.JobIdTag) is string ids && ids.Split(',').Contains(id);

    private static Activity Single(List<Activity> spans, string name) => Assert.Single(Snapshot(spans), s => s.OperationName == name);

    /// <summary>The exporter adds spans as they end, from other threads.</summary>
    private static List<Activity> Snapshot(List<Activity> spans)
    {
        lock (spans)
            return [.. spans];
    }

    private static async Task<IAsyncDisposable> StartWorker(int port, string queue, TaskCompletionSource<ActivityContext> handled)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDisqueClient(o => o.Endpoints = [$"127.0.0.1:{port}"]);
        builder.Services.AddDisqueWorker(o =>
        {
            o.Queues = [queue];
            o.Concurrency = 1;
            o.Handle<Greeting>("greet", (_, _, _) =>
            {
                handled.TrySetResult(Activity.Current?.Context ?? default);
                return Task.CompletedTask;
            });
        });
        var host = builder.Build();
        await host.StartAsync();
        return new StoppingHost(host);
    }

    private sealed class StoppingHost(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    /// <summary>A gateway of this process joined to the test's redis membership table, with tracing on.</summary>
    private sealed class ClusteredGateway(int redisPort, string clusterId) : GatewayFixture, IAsyncDisposable
    {
        public ClusterView Cluster => Services.GetRequiredService<ClusterView>();

        protected override IEnumerable<string> Settings =>
        [
            "--Disque:Clustering=redis", $"--Disque:RedisConnection=127.0.0.1:{redisPort}", $"--Disque:ClusterId={clusterId}",
            $"--Disque:ServiceId={clusterId}", "--Disque:AdvertisedIP=127.0.0.1", "--Disque:FastFailureDetection=true", "--Disque:Tracing=true",
        ];

        public static async Task<ClusteredGateway> Start(int redisPort, string clusterId)
        {
            var gateway = new ClusteredGateway(redisPort, clusterId);
            await gateway.InitializeAsync();
            return gateway;
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
