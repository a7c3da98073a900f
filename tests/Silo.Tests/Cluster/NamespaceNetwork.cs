using System.Diagnostics;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>
/// Hosts on one machine with addresses of their own: a bridge on the host (addressed <see cref="HostAddress"/>, where
/// PostgreSQL listens) and one network namespace per host, joined to the bridge by a veth pair, with
/// <see cref="AddressOf"/> on its side. Names carry a per-run suffix, so a crashed earlier run leaves nothing this one
/// trips over; <see cref="Dispose"/> deletes the namespaces (and with them their veth ends) and the bridge, even after
/// a failed start. Needs root and <c>ip</c> (iproute2); <see cref="Unavailable"/> says why not.
/// </summary>
public sealed class NamespaceNetwork : IDisposable
{
    readonly string _suffix = Guid.NewGuid().ToString("N")[..6];
    readonly List<string> _namespaces = [];
    readonly string _subnet;
    bool _bridgeCreated;

    NamespaceNetwork(int hosts)
    {
        // 10.213.x.0/24, x from the suffix: two runs at once on one machine rarely share a subnet.
        _subnet = $"10.213.{Convert.ToInt32(_suffix[..2], 16)}";
        try
        {
            Ip("link", "add", Bridge, "type", "bridge");
            _bridgeCreated = true;
            Ip("addr", "add", $"{HostAddress}/24", "dev", Bridge);
            Ip("link", "set", Bridge, "up");
            for (int i = 0; i < hosts; i++)
            {
                string ns = NamespaceOf(i);
                Ip("netns", "add", ns);
                _namespaces.Add(ns);
                Ip("link", "add", HostEnd(i), "type", "veth", "peer", "name", SiloEnd(i));
                Ip("link", "set", SiloEnd(i), "netns", ns);
                Ip("link", "set", HostEnd(i), "master", Bridge);
                Ip("link", "set", HostEnd(i), "up");
                Ip("-n", ns, "addr", "add", $"{AddressOf(i)}/24", "dev", SiloEnd(i));
                Ip("-n", ns, "link", "set", SiloEnd(i), "up");
                Ip("-n", ns, "link", "set", "lo", "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Why the test cannot run here, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces need Linux";
        if (Environment.UserName != "root") return "creating network namespaces, veth pairs and a bridge needs root";
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/bin/ip"))
            return "the ip command (iproute2) is missing";
        return null;
    }

    public static NamespaceNetwork Create(int hosts) => new(hosts);

    /// <summary>The host's address on the bridge, reachable from every namespace.</summary>
    public string HostAddress => $"{_subnet}.1";

    /// <summary>The subnet in CIDR notation (PostgreSQL's pg_hba entry).</summary>
    public string Cidr => $"{_subnet}.0/24";

    public string AddressOf(int host) => $"{_subnet}.{11 + host}";

    public string NamespaceOf(int host) => $"zsweep-{_suffix}-{host}";

    /// <summary>Cuts a host off: its veth's bridge end goes down, its process and everything it runs keep running.</summary>
    public void CutLink(int host) => Ip("link", "set", HostEnd(host), "down");

    string Bridge => $"zsb{_suffix}";
    string HostEnd(int host) => $"zsh{_suffix}{host}";
    string SiloEnd(int host) => $"zsn{_suffix}{host}";

    public void Dispose()
    {
        List<string> failures = [];
        foreach (string ns in _namespaces) TryIp(failures, "netns", "del", ns); // deletes the namespace's veth end and its peer
        _namespaces.Clear();
        if (_bridgeCreated) TryIp(failures, "link", "del", Bridge);
        _bridgeCreated = false;
        if (failures.Count > 0) throw new InvalidOperationException($"Cleaning up the test network failed: {string.Join("; ", failures)}");
    }

    static void TryIp(List<string> failures, params string[] arguments)
    {
        try
        {
            Ip(arguments);
        }
        catch (InvalidOperationException e)
        {
            failures.Add(e.Message);
        }
    }

    static void Ip(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}");
    }
}
