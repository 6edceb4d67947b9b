using System.Security.Cryptography;
using System.Text;
using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>PING, AUTH, INFO, CONFIG, SHUTDOWN: the server itself.</summary>
public static class ServerCommands
{
    public static IEnumerable<Command> All { get; } =
    [
        new("PING", -1, "rF", Ping),
        new("AUTH", 2, "rlF", Auth, AllowedBeforeAuth: true),
        new("INFO", -1, "rl", Info),
        new("CONFIG", -2, "ar", ConfigCommand.Run),
        new("SHUTDOWN", -1, "arl", Shutdown),
    ];

    private static ValueTask<Reply> Ping(Session session, RespRequest args) => ValueTask.FromResult(args.Count switch
    {
        1 => Reply.Pong,
        2 => Reply.Bulk(args.GetBytes(1)),
        _ => Reply.Error(DisqueError.WrongArity("ping")),
    });

    /// <summary>AUTH compares in constant time, so the reply's timing tells nothing of the password.</summary>
    private static ValueTask<Reply> Auth(Session session, RespRequest args)
    {
        var password = session.Services.Settings.Password;
        if (password.Length == 0)
            return ValueTask.FromResult(Reply.Error(DisqueError.NoPassword));
        var given = SHA256.HashData(args[1]);
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        session.Authenticated = CryptographicOperations.FixedTimeEquals(given, expected);
        return ValueTask.FromResult(session.Authenticated ? Reply.Ok : Reply.Error(DisqueError.WrongPassword));
    }

    private static ValueTask<Reply> Info(Session session, RespRequest args)
    {
        if (args.Count > 2)
            return ValueTask.FromResult(Reply.Error(DisqueError.Syntax));
        return Report(InfoReport.Build(session.Services, args.Count == 2 ? args.GetString(1) : "default"));
    }

    private static async ValueTask<Reply> Report(Task<string> building) => Reply.Bulk(await building);

    /// <summary>SHUTDOWN: the silo leaves the cluster cleanly and the process exits; like Disque, no reply.</summary>
    private static ValueTask<Reply> Shutdown(Session session, RespRequest args)
    {
        if (args.Count > 2 || (args.Count == 2 && !args.Is(1, "REWRITE-AOF"u8)))
            return ValueTask.FromResult(Reply.Error(DisqueError.Syntax));
        session.Services.Lifetime.StopApplication();
        return ValueTask.FromResult(Reply.CloseSilently);
    }
}
