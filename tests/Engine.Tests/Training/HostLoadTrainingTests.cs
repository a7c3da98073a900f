using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Packing;
using ZImageSweep.Engine.Hub;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Training;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

/// <summary>
/// A float8, layer-offloaded base as a 12–16 GB card loads it (issue 18): the pipeline leaves the transformer's blocks
/// in host memory and does not load the text encoder; the trainer prepares the base block by block and says so in its
/// log before the first caption is encoded (which loads the encoder); and the run equals the run on a pipeline that
/// built the blocks on the device.
/// </summary>
[Trait(Tier.Name, Tier.Integration)]
public sealed class HostLoadTrainingTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    TrainerOptions Options(string name) => fixture.Options(name, 2) with
    {
        SaveDtype = ScalarType.Float32,
        QuantizeBase = true,
        GradientCheckpointing = true,
        TransformerOffloadShare = 0.5,
    };

    [Fact]
    public void TheBaseIsPreparedBeforeTheTextEncoderLoads_AndTrainsAsTheBaseBuiltOnTheDevice()
    {
        using var adapter = ZImageLora.Read(fixture.Model.Adapter("v2"));
        var onDevice = new RecordingObserver();
        using (var pipeline = fixture.LoadPipeline())
            new ZImageTrainer(Options("blocks-on-device"), ZImageModelSet.From(pipeline, adapter), onDevice, new TrainingControl()).Run();

        var viaHost = new RecordingObserver();
        (bool EncoderLoaded, int Messages)? firstEncode = null;
        using (var pipeline = ZImagePipeline.Load(new ZImagePipelineOptions { Model = fixture.Model.Directory, TransformerBlocksOnHost = true }))
        {
            Assert.False(pipeline.TextEncoderLoaded);
            var models = ZImageModelSet.From(pipeline, adapter) with
            {
                EncodeTexts = texts =>
                {
                    firstEncode ??= (pipeline.TextEncoderLoaded, viaHost.Messages.Count);
                    return pipeline.EncodePrompts(texts);
                },
            };
            new ZImageTrainer(Options("blocks-on-host"), models, viaHost, new TrainingControl()).Run();
        }

        int blocks = fixture.Model.Transformer.NLayers + 2 * fixture.Model.Transformer.NRefinerLayers;
        int prepared = viaHost.Messages.FindIndex(m => m.StartsWith($"base loaded via host: {blocks} blocks, {blocks / 2} offloaded, float8", StringComparison.Ordinal));
        Assert.NotNull(firstEncode);
        Assert.False(firstEncode.Value.EncoderLoaded);
        Assert.InRange(prepared, 0, firstEncode.Value.Messages - 1);
        Assert.Equal(onDevice.Steps.Select(s => s.Loss), viaHost.Steps.Select(s => s.Loss));
        using var a = SafeTensorsFile.Open(onDevice.Final!);
        using var b = SafeTensorsFile.Open(viaHost.Final!);
        Assert.Equal(a.Keys, b.Keys);
        foreach (string key in a.Keys)
            Assert.True(a.Read(key).eq(b.Read(key)).all().item<bool>(), $"{key} differs when the base loads via host");
    }

    [Theory]
    [InlineData(true, null, false)]
    [InlineData(false, 1.0, false)]
    [InlineData(false, null, true)]
    public void AJobsPipeline_DefersTheTextEncoder_ExactlyWhenItsBaseLoadsViaHost(bool float8, double? offload, bool encoderLoaded)
    {
        var key = new BaseKey("zimage", fixture.Model.Directory, null, "cpu", TrainDType.Float32, "false", "false", "false");
        using var locator = ModelLocator.FromEnvironment();
        using var pipeline = TrainingJob.LoadPipeline(key, fixture.Options("job", 1) with { QuantizeBase = float8, TransformerOffloadShare = offload }, locator, _ => { });

        Assert.Equal(encoderLoaded, pipeline.TextEncoderLoaded);
    }
}
