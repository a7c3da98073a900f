using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Gpu;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// Settings the embedded silo needs that a single-machine user should not have to type: workers are this very CLI
/// (<c>zsweep worker</c>, one per GPU slot), the silo listens on free loopback ports under a name that survives restarts, and a
/// machine without an NVIDIA GPU offers one CPU training slot. They sit below every other configuration source, so
/// environment variables such as <c>Worker__Command</c> (with its own <c>Worker__Arguments__0..</c>),
/// <c>Silo__GatewayPort</c> or <c>Gpu__Mode</c> still win.
/// Where the state lives is the home's alone: its database and artifacts sit above every other source.
/// </summary>
public static class EmbeddedDefaults
{
    /// <summary>
    /// Settings that keep the embedded silo's whole state in one folder — the database as <c>zsweep.db</c>, artifacts
    /// under <c>artifacts/</c> — as <see cref="ZsweepHome.Default"/> does by default and the demo does in its own folder.
    /// </summary>
    public static Dictionary<string, string?> Home(string folder) => new()
    {
        ["Artifacts:Root"] = ZsweepHome.ArtifactsIn(folder),
        ["Silo:SqlitePath"] = ZsweepHome.DatabaseIn(folder),
    };

    /// <summary>
    /// What makes a silo <see cref="HomeUse.Inspect"/>: no GPU slot, so no experiment is ever placed, and nothing
    /// resumed at start. Above every other source: a read must not train whatever the environment says.
    /// </summary>
    static readonly Dictionary<string, string?> Inspecting = new()
    {
        ["Gpu:Mode"] = "Cpu",
        ["Gpu:CpuSlots"] = "0",
        ["Silo:ResumeUnfinishedAtStart"] = "false",
    };

    public static void Apply(IConfigurationManager configuration, string home, HomeUse use, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        int siloPort = LoopbackPorts.Free(), gatewayPort = LoopbackPorts.Free();
        while (gatewayPort == siloPort) gatewayPort = LoopbackPorts.Free();
        var values = new Dictionary<string, string?>
        {
            // GPU slots are keyed by the silo's name, and a home's unfinished arms hold their slot across restarts.
            ["Silo:Name"] = $"{Environment.MachineName}-embedded",
            ["Silo:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // Arguments merge by index across sources, so a worker command set elsewhere gets no default arguments mixed in.
        if (string.IsNullOrEmpty(configuration["Worker:Command"]))
            foreach (var (key, value) in WorkerCommand()) values[key] = value;
        if (Nvml.ListGpus().Count == 0) values["Gpu:Mode"] = "Cpu";
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = values });
        configuration.AddInMemoryCollection(Home(home));
        if (overrides is not null) configuration.AddInMemoryCollection(overrides);
        if (use == HomeUse.Inspect) configuration.AddInMemoryCollection(Inspecting);
    }

    /// <summary>This process again, as <c>dotnet zsweep.dll worker</c> or <c>zsweep worker</c>.</summary>
    static Dictionary<string, string?> WorkerCommand()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            arguments.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("cannot find the zsweep assembly to run workers"));
        arguments.Add("worker");
        var values = new Dictionary<string, string?> { ["Worker:Command"] = host };
        for (int i = 0; i < arguments.Count; i++) values[$"Worker:Arguments:{i}"] = arguments[i];
        return values;
    }
}
