using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Training;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

/// <summary>
/// <c>model.layer_offloading</c> through the trainer: a run with every transformer block offloaded (float8 base, the
/// training adapter merged, gradient checkpointing, AdamW8bit — the UI's Turbo setup) ends with exactly the LoRA of
/// the same run without offloading, and says in its log what it offloaded.
/// </summary>
[Trait(Tier.Name, Tier.Integration)]
public sealed class LayerOffloadingTrainingTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    RecordingObserver Train(TrainerOptions options, ZImageLora adapter)
    {
        var observer = new RecordingObserver();
        using var pipeline = fixture.LoadPipeline();
        new ZImageTrainer(options, ZImageModelSet.From(pipeline, adapter), observer, new TrainingControl()).Run();
        return observer;
    }

    [Fact]
    public void FullyOffloadedRun_EndsWithTheBitIdenticalLoraOfTheResidentRun()
    {
        TrainerOptions Options(string name, double? offload) => fixture.Options(name, 3) with
        {
            SaveDtype = ScalarType.Float32,
            QuantizeBase = true,
            GradientCheckpointing = true,
            TransformerOffloadShare = offload,
        };
        using var adapter = ZImageLora.Read(fixture.Model.Adapter("v2"));
        var resident = Train(Options("resident", null), adapter);
        var offloaded = Train(Options("offloaded", 1.0), adapter);

        Assert.DoesNotContain(resident.Messages, m => m.StartsWith("layer offloading", StringComparison.Ordinal));
        int blocks = fixture.Model.Transformer.NLayers + 2 * fixture.Model.Transformer.NRefinerLayers;
        Assert.Contains(offloaded.Messages, m => m.StartsWith($"layer offloading: {blocks} of {blocks} transformer blocks", StringComparison.Ordinal));
        Assert.Equal(resident.Steps.Select(s => s.Loss), offloaded.Steps.Select(s => s.Loss));
        using var a = SafeTensorsFile.Open(resident.Final!);
        using var b = SafeTensorsFile.Open(offloaded.Final!);
        Assert.Equal(a.Keys, b.Keys);
        foreach (string key in a.Keys)
            Assert.True(a.Read(key).eq(b.Read(key)).all().item<bool>(), $"{key} differs with offloading");
    }
}
