using System.Net;
using System.Net.Sockets;

namespace ZImageSweep.Client.Connection;

/// <summary>Ports free on the loopback interface right now, so silos of different homes never meet on one port.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// A port the system picked as free. Orleans needs a concrete port to advertise, so it is released and taken again
    /// by the silo a moment later; another process grabbing it in between makes the silo's start fail, not share it.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
