using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Gpu;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// Settings the embedded silo needs that a single-machine user should not have to type: workers are this very CLI
/// (<c>zsweep train --worker</c>), artifacts go under <c>~/.zsweep/artifacts</c>, and a machine without an NVIDIA GPU
/// offers one CPU training slot. They sit below every other configuration source, so environment variables such as
/// <c>Worker__Command</c>, <c>Artifacts__Root</c> or <c>Gpu__Mode</c> still win.
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

    public static void Apply(IConfigurationBuilder configuration, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Artifacts:Root"] = ZsweepHome.ArtifactsIn(ZsweepHome.Default),
        };
        foreach (var (key, value) in WorkerCommand()) values[key] = value;
        if (Nvml.ListGpus().Count == 0) values["Gpu:Mode"] = "Cpu";
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = values });
        if (overrides is not null) configuration.AddInMemoryCollection(overrides);
    }

    /// <summary>This process again, as <c>dotnet zsweep.dll train --worker</c> or <c>zsweep train --worker</c>.</summary>
    static Dictionary<string, string?> WorkerCommand()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            arguments.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("cannot find the zsweep assembly to run workers"));
        arguments.AddRange(["train", "--worker"]);
        var values = new Dictionary<string, string?> { ["Worker:Command"] = host };
        for (int i = 0; i < arguments.Count; i++) values[$"Worker:Arguments:{i}"] = arguments[i];
        return values;
    }
}
