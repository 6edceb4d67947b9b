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

    /// <summary>
    /// AUTH compares in constant time, so the reply's timing tells nothing of the password.
    /// An address that gave wrong passwords waits its turn first (<see cref="Security.AuthThrottle"/>),
    /// and once slowed, a wrong password also ends the connection, so a pipeline of guesses
    /// cannot pile up behind the wait.
    /// </summary>
    private static ValueTask<Reply> Auth(Session session, RespRequest args)
    {
        var services = session.Services;
        if (services.Settings.Password.Length == 0)
            return ValueTask.FromResult(Reply.Error(DisqueError.NoPassword));
        var given = SHA256.HashData(args[1]);
        var wait = session.RemoteAddress is { } address ? services.AuthThrottle.TurnOf(address) : TimeSpan.Zero;
        if (wait <= TimeSpan.Zero)
            return ValueTask.FromResult(CheckPassword(session, given, slowed: false));
        services.Security.AuthThrottled("resp");
        session.AuthInFlight = true;
        return CheckAfter(session, given, wait);
    }

    private static async ValueTask<Reply> CheckAfter(Session session, byte[] given, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, session.Services.Time, session.Closed);
        }
        catch (OperationCanceledException)
        {
            return Reply.CloseSilently; // the client left while its guess waited
        }
        return CheckPassword(session, given, slowed: true);
    }

    private static Reply CheckPassword(Session session, byte[] given, bool slowed)
    {
        var services = session.Services;
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(services.Settings.Password));
        session.Authenticated = CryptographicOperations.FixedTimeEquals(given, expected);
        if (session.RemoteAddress is not { } address)
            return session.Authenticated ? Reply.Ok : Reply.Error(DisqueError.WrongPassword);
        if (session.Authenticated)
        {
            services.AuthThrottle.Succeeded(address);
            return Reply.Ok;
        }
        var failures = services.AuthThrottle.Failed(address);
        services.Security.AuthFailed("resp", session.Peer, failures);
        session.CloseAfterReply |= slowed;
        return Reply.Error(DisqueError.WrongPassword);
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
