using System.Diagnostics;
using Disque.Client.Orleans;
using Disque.Client.Tests.Fixtures;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Disque.Client.Tests.Tracing;

/// <summary>The client over Orleans traces ADDJOB as the RESP one does: its send span's context travels in the job's body.</summary>
[Collection(TracingCollection.Name)]
public sealed class OrleansTraceTests(ClientGatewayFixture gateway)
{
    [Fact]
    public async Task A_job_added_through_grains_carries_the_send_spans_context()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(DisqueClientTracing.SourceName).AddInMemoryExporter(spans).Build();
        var orleans = new OrleansDisqueClient(await gateway.OrleansClient());
        var queue = Names.NewQueue();

        var id = await orleans.AddJobAsync(queue, JobBody.Create("greet", "hello"));

        Activity send;
        lock (spans)
            send = Assert.Single(spans, s => s.OperationName == $"send {queue}");
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal(id, send.GetTagItem(DisqueClientTracing.JobIdTag));
        var job = Assert.Single(await orleans.GetJobsAsync([queue], noHang: true));
        Assert.True(JobBody.TryReadTraceContext(job.Body, out var carried));
        Assert.Equal((send.TraceId, send.SpanId), (carried.TraceId, carried.SpanId));
        Assert.True(JobBody.TryRead(job.Body, out var name, out _));
        Assert.Equal("greet", name);
        Assert.Equal(1, await orleans.AckAsync(job.Id));
    }
}
