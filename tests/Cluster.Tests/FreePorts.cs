using System.Net;
using System.Net.Sockets;

namespace Disque.Tests;

/// <summary>
/// Ports for the servers tests start on 127.0.0.1. They come from below the kernel's
/// ephemeral range (32768 and up on Linux), so no outgoing connection of a test can take
/// one between the pick and the server's bind; picked at random, checked free by binding
/// it, and never handed out twice in one process.
/// </summary>
public static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static readonly HashSet<int> HandedOut = [];

    public static int Next() => Consecutive(1);

    /// <summary>The first of <paramref name="count"/> consecutive free ports, for programs that number their ports from a base.</summary>
    public static int Consecutive(int count)
    {
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var first = Random.Shared.Next(First, Last - count);
            lock (HandedOut)
            {
                var range = Enumerable.Range(first, count);
                if (range.Any(p => HandedOut.Contains(p) || !IsFree(p)))
                    continue;
                HandedOut.UnionWith(range);
                return first;
            }
        }
        throw new InvalidOperationException($"No {count} consecutive free port(s) between {First} and {Last} on 127.0.0.1.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
