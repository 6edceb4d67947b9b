using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>
/// SCHEDULE (ours, beyond Disque): recurring schedules, one command with subcommands as
/// CLUSTER, CLIENT and CONFIG are, so Disque's own command names stay Disque's.
/// SET creates or replaces (1 new, 0 replaced), SHOW tells one (null when unknown), LIST
/// names them all, PAUSE and RESUME answer OK (an error for an unknown schedule), DEL
/// answers how many it deleted, as DELJOB does.
/// </summary>
public static class ScheduleCommands
{
    public static IEnumerable<Command> All { get; } =
    [
        new("SCHEDULE", -2, "w", Schedule) { Extension = true },
    ];

    private static ValueTask<Reply> Schedule(Session session, RespRequest args)
    {
        var sub = args.GetString(1).ToUpperInvariant();
        var grains = session.Node.Cluster.Grains;
        var name = args.Count > 2 ? args.GetString(2) : "";
        return (sub, args.Count) switch
        {
            ("SET", _) => Set(grains, args),
            ("SHOW", 3) => Show(grains.GetGrain<ISchedule>(name).Show()),
            ("LIST", 2) => List(grains.GetGrain<ISchedules>(0).List()),
            ("PAUSE", 3) => Known(grains.GetGrain<ISchedule>(name).Pause(), name),
            ("RESUME", 3) => Known(grains.GetGrain<ISchedule>(name).Resume(), name),
            ("DEL", 3) => Deleted(grains.GetGrain<ISchedule>(name).Delete()),
            ("SHOW" or "LIST" or "PAUSE" or "RESUME" or "DEL", _) => Done(DisqueError.ScheduleWrongArity(sub)),
            _ => Done(DisqueError.ScheduleSubcommand),
        };
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);

    private static ValueTask<Reply> Set(IGrainFactory grains, RespRequest args)
    {
        var spec = ScheduleParser.ParseSet(args);
        return spec.Error is { } error ? Done(error) : Created(grains.GetGrain<ISchedule>(spec.Value!.Name).Set(spec.Value));
    }

    private static async ValueTask<Reply> Created(Task<Outcome<bool>> setting) =>
        await setting is { Error: { } error } ? Reply.Error(error) : Reply.Integer((await setting).Value ? 1 : 0);

    private static async ValueTask<Reply> Show(Task<ScheduleInfo?> showing) =>
        await showing is { } info ? ScheduleReplies.Show(info) : Reply.NullBulk;

    private static async ValueTask<Reply> List(Task<string[]> listing) => ReplyShapes.Strings(await listing);

    private static async ValueTask<Reply> Known(Task<bool> changing, string name) =>
        await changing ? Reply.Ok : Reply.Error(DisqueError.UnknownSchedule(name));

    private static async ValueTask<Reply> Deleted(Task<bool> deleting) => Reply.Integer(await deleting ? 1 : 0);
}
