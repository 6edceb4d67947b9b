using Disque.Journal;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// A simulated Disque cluster: silos 0..n-1 running the real store, a clients node that
/// produces and consumes through their gateways, the journal (durable mode) outside them,
/// and the <see cref="Ledger"/> of what was promised. Gives the checks their god's view:
/// which living silo holds which job.
/// </summary>
internal sealed class SimWorld
{
    public SimWorld(Sim sim, int silos, bool durable, Func<int, int>? stores = null)
    {
        Sim = sim;
        Ledger = new Ledger(sim.Loop);
        if (durable)
        {
            var journal = new SimJournal(sim.Loop, Names);
            Journal = journal;
            DurableJournal = journal;
            Ledger.RecoveredAt = id => journal.ReadForRecovery.TryGetValue(id, out var at) ? at : null;
        }
        Silos = silos;
        // K, the job stores of each silo (issue 20): silos may differ.
        stores ??= _ => 1;
        for (var i = 0; i < silos; i++)
        {
            var count = stores(i);
            Sim.Add($"silo {i}", node => new SimSilo(node, this, count));
        }
    }

    public Sim Sim { get; }

    public SiloNames Names { get; } = new();

    public int Silos { get; }

    public Ledger Ledger { get; }

    public IJobJournal Journal { get; } = new NoJournal();

    public SimJournal? DurableJournal { get; }

    /// <summary>The silo incarnations running now.</summary>
    public IEnumerable<(SimNode Node, SimSilo Silo)> Living() =>
        from node in Sim.Nodes.Take(Silos)
        where !node.IsCrashed && node.Instance is SimSilo
        select (node, (SimSilo)node.Instance!);

    /// <summary>A living silo holds the job, not acknowledged.</summary>
    public bool HeldUnacked(JobId id) =>
        Living().Any(l => l.Silo.CoreOf(id).Show(id).Result is { State: not JobState.Acked });

    public bool IsRunning(SimAddress address) => Sim.Live(address) is not null;

    /// <summary>Why an unacknowledged job still due is not there at the end (null: lost only with every silo that held it).</summary>
    public string? Missing(JobId id, Ledger.Promise job)
    {
        if (HeldUnacked(id))
            return "a living silo holds it, yet it was not delivered and acknowledged once the faults ended";
        if (DurableJournal is { } journal)
            return journal.Jobs.TryGetValue(id, out var entry)
                ? $"journaled (holders {string.Join(",", entry.Nodes.Select(Names.Address))}), yet no living silo holds it; known to {string.Join(",", Living().Where(l => l.Silo.CoreOf(id).Knows(id)).Select(l => l.Node.Address))}"
                : "neither journaled nor held by any silo";
        return job.Holders.Any(IsRunning) ? "a silo that held a copy runs on without it" : null;
    }
}
