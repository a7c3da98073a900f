using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.TinyModels;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps;
using static TorchSharp.torch;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>What the real-engine cluster tests train: the worker command, a tiny model and dataset, and sweeps of it.</summary>
internal static class RealEngineInputs
{
    /// <summary><c>dotnet zsweep.dll worker</c> from src/Client's output of the same configuration as these tests.</summary>
    public static IReadOnlyList<string> Worker()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        string zsweep = Path.Combine(RepoRoot.Path, "src", "Client", "bin", configuration, "net10.0", "zsweep.dll");
        if (!File.Exists(zsweep)) Assert.Fail($"{zsweep} is missing: build the solution ({configuration}) before running these tests");
        return [zsweep, "worker"];
    }

    /// <summary>A tiny model with adapters v1/v2 and a four-image dataset under <paramref name="root"/>; returns the sweep spec's base job.</summary>
    public static string Prepare(string root, int steps, int saveEvery)
    {
        LibTorchLoader.EnsureLoaded();
        var model = TinyModelWriter.Write(Path.Combine(root, "model"), seed: 0);
        string dataset = Path.Combine(root, "dataset");
        Directory.CreateDirectory(dataset);
        var generator = new Generator(3);
        for (int i = 0; i < 4; i++)
        {
            using var scope = NewDisposeScope();
            ImageFile.Save(rand([3, 64, 64], generator: generator), Path.Combine(dataset, $"{i}.png"));
            File.WriteAllText(Path.Combine(dataset, $"{i}.txt"), $"a zreal texture number {i}");
        }
        return $$"""
            base:
              config:
                name: real
                process:
                  - device: cpu
                    trigger_word: zreal
                    training_seed: 7
                    model: { arch: "zimage:turbo", name_or_path: '{{model.Directory}}' }
                    network: { type: lora, linear: 4 }
                    save: { dtype: bf16, save_every: {{saveEvery}}, max_step_saves_to_keep: 1000 }
                    train: { steps: {{steps}}, lr: 1e-3, optimizer: adamw8bit, dtype: fp32, gradient_checkpointing: false }
                    datasets: [ { folder_path: '{{dataset}}', resolution: [64] } ]
            """;
    }

    public static SweepDefinition Sweep(string name, string baseJob, string axes) => SweepExpander.Expand(SweepSpecParser.Parse($$"""
        name: {{name}}
        concurrency: 2
        {{baseJob}}
        axes:
        {{axes}}
        """, "spec.yaml", Path.GetTempPath()));
}
