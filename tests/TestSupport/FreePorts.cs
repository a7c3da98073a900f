using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ZImageSweep.TestSupport;

/// <summary>
/// Loopback ports for servers the tests start in other processes (silos, PostgreSQL, Prometheus), which cannot be
/// handed an open socket. A port the OS picked with bind(0) and released could be picked again at once by another
/// bind(0) or given to an outgoing connection before the server binds it; so ports are drawn at random from
/// <see cref="First"/>–<see cref="Last"/>, below Linux's and Windows' ephemeral ranges (32768+ and 49152+), which
/// neither of those ever hands out, and above the fixed ports the embedded silo uses. A port is checked free by
/// binding it and is never handed out twice by one test process. A collision with an unrelated program that picks
/// the same port between the check and the server's bind remains possible; servers that can report it
/// (<see cref="PostgresServer"/>) retry on another port.
/// </summary>
public static class FreePorts
{
    public const int First = 20000;
    public const int Last = 29999;
    const int Attempts = 200;

    static readonly ConcurrentDictionary<int, bool> Given = new();

    public static int Take()
    {
        for (int i = 0; i < Attempts; i++)
        {
            int port = Random.Shared.Next(First, Last + 1);
            if (!Given.TryAdd(port, true)) continue;
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException($"No free loopback port in {First}–{Last} after {Attempts} tries");
    }

    static bool IsFree(int port)
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
