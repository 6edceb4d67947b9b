using System.Globalization;
using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>
/// DEBUG FLUSHALL (every job and queue of the cluster goes), SLEEP seconds (the
/// gateway's clients wait, as a sleeping Disque's would) and ERROR text. Disque's
/// other subcommands crash, restart or inspect a C process; they get Disque's error
/// for an unknown subcommand.
/// </summary>
internal static class DebugCommand
{
    public static ValueTask<Reply> Run(Session session, RespRequest args)
    {
        if (args.Is(1, "FLUSHALL"u8))
            return FlushAll(session);
        if (args.Is(1, "SLEEP"u8) && args.Count == 3)
            return Sleep(session.Services.Clients, Seconds(args.GetString(2)));
        if (args.Is(1, "ERROR"u8) && args.Count == 3)
            return ValueTask.FromResult(Reply.Error(args.GetString(2).Replace('\r', ' ').Replace('\n', ' ')));
        return ValueTask.FromResult(Reply.Error(DisqueError.DebugSubcommand(args.GetString(1))));
    }

    /// <summary>Every job and queue of the cluster gone, then OK (CLUSTER RESET of a node alone does the same).</summary>
    internal static async ValueTask<Reply> FlushAll(Session session)
    {
        await session.Node.Flush();
        return Reply.Ok;
    }

    private static async ValueTask<Reply> Sleep(ClientRegistry clients, double seconds)
    {
        var wait = TimeSpan.FromSeconds(seconds);
        clients.Pause(ClientRegistry.NowMs + (long)wait.TotalMilliseconds);
        await Task.Delay(wait);
        return Reply.Ok;
    }

    /// <summary>As C's strtod reads it: the number at the start, 0 when there is none.</summary>
    private static double Seconds(string text)
    {
        var length = 0;
        while (length < text.Length && (char.IsAsciiDigit(text[length]) || text[length] is '.' or '-' or '+' or 'e' or 'E'))
            length++;
        for (; length > 0; length--)
            if (double.TryParse(text.AsSpan(0, length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return Math.Clamp(value, 0, 3600);
        return 0;
    }
}
