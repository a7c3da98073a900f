using Spectre.Console;
using ZImageSweep.Bench.Models;
using ZImageSweep.Engine.Pipelines;

namespace ZImageSweep.Bench.Tests;

/// <summary><c>zsweep-bench --write-model</c>: the folder a full-size GPU sweep trains on, written at size tiny here.</summary>
[Trait(Tier.Name, Tier.Integration)]
public sealed class RandomModelFolderTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("zsweep-bench-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void WriteModel_WritesAFolderThePipelineLoadsWithTheProfilesShapes_AndRunsNoRows()
    {
        string model = Path.Combine(_folder, "model");
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Out = new AnsiConsoleOutput(writer) });

        int exit = BenchApp.Run(["--write-model", model, "--size", "tiny", "--out", Path.Combine(_folder, "results.json")], console);

        Assert.Equal(0, exit);
        Assert.False(File.Exists(Path.Combine(_folder, "results.json"))); // no suite ran
        using var pipeline = ZImagePipeline.Load(new ZImagePipelineOptions { Model = model });
        var expected = BenchProfile.Tiny.Transformer;
        Assert.Equal((expected.Dim, expected.NLayers, expected.NHeads), (pipeline.Transformer.Config.Dim, pipeline.Transformer.Config.NLayers, pipeline.Transformer.Config.NHeads));
        Assert.Equal(BenchProfile.Tiny.TextEncoder.HiddenSize, pipeline.Transformer.Config.CapFeatDim);
        Assert.All(new[] { "v1", "v2" }, v => Assert.True(File.Exists(Path.Combine(model, "adapters", $"zimage_tiny_training_adapter_{v}.safetensors")), v));
        Assert.Contains("written to", writer.ToString());
    }
}
