using System.Net;
using System.Net.Sockets;

namespace ZImageSweep.Silo.Tests;

/// <summary>Ports on 127.0.0.1 that were free a moment ago (the OS picks them), for servers the tests start.</summary>
internal static class FreePorts
{
    public static int Take()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
