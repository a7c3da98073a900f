using System.Diagnostics;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>
/// A silo in its own process (the built <c>ZImageSweep.Silo.Host</c>) in cluster mode on PostgreSQL, with one CPU slot,
/// a worker command (the stand-in by default, or the real <c>zsweep worker</c>), and Orleans timings short
/// enough for failover within seconds. <see cref="Kill"/> is a real crash: SIGKILL, no shutdown code runs. Given a
/// network namespace, it runs there (<c>ip netns exec</c>, which execs the silo in place: the process is the silo) and
/// binds that namespace's address.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringWriter _output = new();

    public SiloProcess(string name, string connectionString, string artifactRoot, IReadOnlyList<string>? workerArguments = null,
        (string Namespace, string Address)? network = null)
    {
        Name = name;
        // In a namespace of its own the silo has every port to itself; on the shared loopback it takes free ones.
        HttpUrl = network is { } n ? $"http://{n.Address}:8080" : $"http://127.0.0.1:{FreePorts.Take()}";
        string bin = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(network is null ? "dotnet" : "ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (network is { } inNamespace) foreach (string a in new[] { "netns", "exec", inNamespace.Namespace, "dotnet" }) start.ArgumentList.Add(a);
        start.ArgumentList.Add(Path.Combine(bin, "ZImageSweep.Silo.Host.dll"));
        var environment = new Dictionary<string, string>
        {
            ["Silo__Mode"] = "Cluster",
            ["Silo__Name"] = name,
            ["Silo__AdvertisedAddress"] = network?.Address ?? "127.0.0.1",
            ["Silo__SiloPort"] = (network is null ? FreePorts.Take() : 11111).ToString(),
            ["Silo__GatewayPort"] = (network is null ? FreePorts.Take() : 30000).ToString(),
            ["Silo__HttpUrls"] = HttpUrl,
            ["Silo__ClusterId"] = ClusterClient.ClusterId,
            ["Silo__ServiceId"] = ClusterClient.ServiceId,
            ["Silo__PostgresConnectionString"] = connectionString,
            ["Worker__Command"] = "dotnet",
            ["Artifacts__Root"] = artifactRoot,
            ["Gpu__Mode"] = "Cpu",
            ["Gpu__CpuSlots"] = "1",
            ["Experiments__WatchdogPeriod"] = "00:00:02",
            ["Tuning__Reminders__MinimumReminderPeriod"] = "00:00:01",
            // A silo is declared dead after 3 missed probes of 3 s (about 10 s of silence): a SIGKILLed silo is
            // replaced well inside the tests' timeouts, while a live one on a loaded 2-core machine (GC pauses, builds
            // beside the tests) is not voted out by probes that merely came late.
            ["Tuning__Membership__ProbeTimeout"] = "00:00:03",
            ["Tuning__Membership__NumMissedProbesLimit"] = "3",
            ["Tuning__Membership__NumVotesForDeathDeclaration"] = "1",
            ["Tuning__Messaging__ResponseTimeout"] = "00:00:10",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__ZImageSweep"] = "Information",
        };
        var arguments = workerArguments ?? [Path.Combine(bin, "ZImageSweep.StandInWorker.dll")];
        for (int i = 0; i < arguments.Count; i++) environment[$"Worker__Arguments__{i}"] = arguments[i];
        foreach (var (key, value) in environment) start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>Where this silo serves HTTP (health, web page, /metrics): a free loopback port, or its namespace's address.</summary>
    public string HttpUrl { get; }

    /// <summary>The silo's process id (with a namespace, the silo itself: <c>ip netns exec</c> execs it).</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public void Kill() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
