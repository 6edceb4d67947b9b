using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>CLIENT LIST, KILL, GETNAME, SETNAME, REPLY, PAUSE, as Disque 1.0-rc1 has them, over this gateway's connections.</summary>
internal static class ClientCommand
{
    public static ValueTask<Reply> Run(Session session, RespRequest args) => ValueTask.FromResult(Answer(session, args));

    private static Reply Answer(Session session, RespRequest args)
    {
        var clients = session.Services.Clients;
        if (args.Is(1, "LIST"u8) && args.Count == 2)
            return Reply.Bulk(string.Concat(clients.All.Select(c => c.Describe() + "\n")));
        if (args.Is(1, "REPLY"u8) && args.Count == 3)
            return ReplyMode(session, args);
        if (args.Is(1, "KILL"u8))
            return Kill(session, args);
        if (args.Is(1, "SETNAME"u8) && args.Count == 3)
            return SetName(session, args[2]);
        if (args.Is(1, "GETNAME"u8) && args.Count == 2)
            return Reply.Bulk(session.Name);
        if (args.Is(1, "PAUSE"u8) && args.Count == 3)
            return Pause(clients, args);
        return DisqueError.ClientSyntax;
    }

    private static Reply ReplyMode(Session session, RespRequest args)
    {
        if (args.Is(2, "ON"u8))
        {
            session.ReplyMode(on: true, off: false, skip: false);
            return Reply.Ok;
        }
        if (args.Is(2, "OFF"u8) || args.Is(2, "SKIP"u8))
        {
            session.ReplyMode(on: false, off: args.Is(2, "OFF"u8), skip: args.Is(2, "SKIP"u8));
            return Reply.None;
        }
        return DisqueError.Syntax;
    }

    /// <summary>Disque checks only that each byte is printable ASCII and not a blank, so CLIENT LIST stays split by spaces.</summary>
    private static Reply SetName(Session session, ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
            if (b is < (byte)'!' or > (byte)'~')
                return DisqueError.ClientName;
        session.Name = name.IsEmpty ? null : System.Text.Encoding.ASCII.GetString(name);
        return Reply.Ok;
    }

    private static Reply Pause(ClientRegistry clients, RespRequest args)
    {
        if (!args.TryGetLong(2, out var ms))
            return DisqueError.BadTimeout;
        if (ms < 0)
            return DisqueError.NegativeTimeout;
        clients.Pause(ms > 0 ? ClientRegistry.NowMs + ms : 0);
        return Reply.Ok;
    }

    /// <summary>CLIENT KILL addr (may kill itself), or CLIENT KILL [ID id] [TYPE normal] [ADDR addr] [SKIPME yes|no] (skips itself unless told not to).</summary>
    private static Reply Kill(Session session, RespRequest args)
    {
        string? address = null;
        long id = 0;
        var skipMe = true;
        if (args.Count == 3)
            (address, skipMe) = (args.GetString(2), false);
        else if (args.Count > 3)
        {
            for (var i = 2; i < args.Count; i += 2)
            {
                var hasValue = i + 1 < args.Count;
                if (hasValue && args.Is(i, "ID"u8))
                {
                    if (!args.TryGetLong(i + 1, out id))
                        return DisqueError.NotInteger;
                }
                else if (hasValue && args.Is(i, "TYPE"u8))
                {
                    if (!args.Is(i + 1, "NORMAL"u8))
                        return DisqueError.UnknownClientType(args.GetString(i + 1));
                }
                else if (hasValue && args.Is(i, "ADDR"u8))
                    address = args.GetString(i + 1);
                else if (hasValue && args.Is(i, "SKIPME"u8) && (args.Is(i + 1, "YES"u8) || args.Is(i + 1, "NO"u8)))
                    skipMe = args.Is(i + 1, "YES"u8);
                else
                    return DisqueError.Syntax;
            }
        }
        else
            return DisqueError.Syntax;
        var killed = 0;
        foreach (var client in session.Services.Clients.All)
        {
            if ((address is not null && client.Peer != address) || (id != 0 && client.Id != id) || (client == session && skipMe))
                continue;
            if (client == session)
                session.CloseAfterReply = true;
            else
                client.Kill();
            killed++;
        }
        if (args.Count == 3)
            return killed == 0 ? DisqueError.NoSuchClient : Reply.Ok;
        return killed;
    }
}
