using System.Text.Json;
using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Checkpoints;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Integration)]
public sealed class ZImageTrainerTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    RecordingObserver Train(TrainerOptions options, ZImageLora? adapter = null, Action<StepReport, TrainingControl>? onStep = null)
    {
        var control = new TrainingControl();
        var observer = new RecordingObserver(report => onStep?.Invoke(report, control));
        using var pipeline = fixture.LoadPipeline();
        new ZImageTrainer(options, ZImageModelSet.From(pipeline, adapter), observer, control).Run();
        return observer;
    }

    [Fact]
    public void SixtyStepRun_LossFallsAndCheckpointsAndSamplesAppearOnSchedule()
    {
        var options = fixture.Options("sixty", 60) with
        {
            Sample = new SampleOptions(30, [new SamplePrompt("a [trigger] colour field"), new SamplePrompt("a plain photo")], Width: 64, Height: 64, Steps: 2, Format: "png"),
        };
        var run = Train(options);

        Assert.Equal(Enumerable.Range(1, 60), run.Steps.Select(s => s.Step));
        double first = run.Steps.Take(10).Average(s => s.Loss), last = run.Steps.TakeLast(10).Average(s => s.Loss);
        Assert.True(last < first * 0.9, $"loss did not fall: first ten {first:F4}, last ten {last:F4}");
        Assert.Equal([20, 40, 60], run.Checkpoints.Select(c => c.Step));
        Assert.Equal([0, 0, 30, 30, 60, 60], run.Samples.Select(s => s.Step));
        Assert.All(run.Samples, s => Assert.True(File.Exists(s.Path), s.Path));
        Assert.Matches(@"^\d+__000000030_1\.png$", Path.GetFileName(run.Samples[3].Path));
        Assert.Equal(6, File.ReadAllLines(Path.Combine(options.OutputFolder, "samples", "index.jsonl")).Length);

        // The final LoRA: ai-toolkit keys, shapes and dtype, and its metadata.
        Assert.Equal(Path.Combine(options.OutputFolder, "sixty.safetensors"), run.Final);
        using var lora = SafeTensorsFile.Open(run.Final!);
        var config = fixture.Model.Transformer;
        Assert.Equal(config.NLayers * 8 * 2, lora.Keys.Count);
        Assert.Equal([4L, config.Dim], lora.Entry("diffusion_model.layers.0.attention.to_q.lora_A.weight").Shape);
        Assert.Equal([(long)config.FfnHiddenDim, 4], lora.Entry("diffusion_model.layers.1.feed_forward.w1.lora_B.weight").Shape);
        Assert.All(lora.Entries, e => Assert.Equal(ScalarType.BFloat16, e.DType));
        Assert.Equal("zimage", lora.Metadata["ss_base_model_version"]);
        Assert.Equal(60, JsonDocument.Parse(lora.Metadata["training_info"]).RootElement.GetProperty("step").GetInt32());
        Assert.True(File.Exists(Path.Combine(options.OutputFolder, "sixty_000000060.safetensors")));
    }

    [Fact]
    public void StopAndResume_GivesBitIdenticalLoraToAnUninterruptedRun()
    {
        var straight = fixture.Options("straight", 40);
        Train(straight);

        var interrupted = fixture.Options("interrupted", 40);
        var firstHalf = Train(interrupted, onStep: (report, control) => { if (report.Step == 20) control.RequestStop(); });
        Assert.Equal(20, firstHalf.Steps.Count);
        Assert.Null(firstHalf.Final);
        var secondHalf = Train(interrupted);
        Assert.True(secondHalf.Resumed);
        Assert.Equal(Enumerable.Range(21, 20), secondHalf.Steps.Select(s => s.Step)); // nothing lost, nothing counted twice

        using var a = SafeTensorsFile.Open(Path.Combine(straight.OutputFolder, ".state", "straight_000000040.safetensors"));
        using var b = SafeTensorsFile.Open(Path.Combine(interrupted.OutputFolder, ".state", "interrupted_000000040.safetensors"));
        var keys = a.Keys.Where(k => k.StartsWith("parameter.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keys);
        foreach (string key in keys)
            Assert.True(a.Read(key).eq(b.Read(key)).all().item<bool>(), $"{key} differs after resume");
    }

    /// <summary>
    /// <c>zsweep extend</c> at the engine: a finished run rerun with more steps resumes from its final checkpoint
    /// (train.steps is not in the checkpoint fingerprint) and ends where a run of the longer length ends. The first
    /// run also sampled at its last step, as every run does; that must not move the training's random streams.
    /// </summary>
    [Fact]
    public void ACompletedRunExtended_GivesBitIdenticalLoraToARunOfTheLongerLength()
    {
        var preview = new SampleOptions(1000, [new SamplePrompt("a [trigger] colour field")], Width: 64, Height: 64, Steps: 2, Format: "png", SampleAtStart: false);
        var straight = fixture.Options("straight4", 4) with { Sample = preview };
        Train(straight);

        var extended = fixture.Options("extended", 2) with { Sample = preview };
        var first = Train(extended);
        Assert.NotNull(first.Final);
        Assert.Equal([2], first.Samples.Select(s => s.Step));
        var more = Train(extended with { Steps = 4 });
        Assert.True(more.Resumed);
        Assert.Equal([3, 4], more.Steps.Select(s => s.Step));

        using var a = SafeTensorsFile.Open(Path.Combine(straight.OutputFolder, "straight4.safetensors"));
        using var b = SafeTensorsFile.Open(more.Final!);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (string key in a.Keys)
            Assert.True(a.Read(key).eq(b.Read(key)).all().item<bool>(), $"{key} differs after the extension");
    }

    [Fact]
    public void PreviewWithInvertedAdapter_EqualsBasePlusTheLoraWithoutTheAdapter()
    {
        var options = fixture.Options("adapter", 3) with
        {
            SaveDtype = ScalarType.Float32,
            LearningRate = 1e-2,
            Sample = new SampleOptions(3, [new SamplePrompt("a zfield colour field")], Width: 64, Height: 64, Steps: 2, Format: "png", SampleAtStart: false),
        };
        using var adapter = ZImageLora.Read(fixture.Model.Adapter("v1"));
        var run = Train(options, adapter);
        SampleImage preview = run.Samples.Single();

        using var pipeline = fixture.LoadPipeline();
        var images = pipeline.Generate(new ZImageGenerationRequest
        {
            Prompts = [preview.Prompt], Width = 64, Height = 64, Steps = 2, Seed = preview.Seed,
            Loras = [new LoraSpec(run.Final!, 1.0)],
        });
        using var expected = images[0].cpu();
        using var actual = ImageFile.Load(preview.Path).Plus(HeldScalars.One).div(HeldScalars.Two); // [-1, 1] back to [0, 1]
        double maxDiff = (expected - actual).abs().max().item<float>();
        Assert.True(maxDiff <= 1.5 / 255, $"preview differs from base + LoRA by {maxDiff * 255:F2}/255");
    }

    [Fact]
    public void Float8BaseWithDopDifferentialGuidanceAndBatchTwo_TrainsWithFiniteLossesAndReportsPreservation()
    {
        var options = fixture.Options("float8-dop", 4) with
        {
            BatchSize = 2, // ai-toolkit's Z-Image batch_size > 1 is broken; here it must train
            LowVram = true,
            QuantizeBase = true,
            GradientCheckpointing = true,
            DiffOutputPreservation = new PreservationOptions("field", 0.5),
            DifferentialGuidanceScale = 3.0,
        };
        using var adapter = ZImageLora.Read(fixture.Model.Adapter("v2"));
        var run = Train(options, adapter);

        Assert.Equal(4, run.Steps.Count);
        Assert.All(run.Steps, s => Assert.True(double.IsFinite(s.Loss) && s.Loss > 0, $"step {s.Step}: loss {s.Loss}"));
        Assert.All(run.Steps, s => Assert.True(s.PreservationLoss is >= 0));
        Assert.Contains(run.Steps.Skip(1), s => s.PreservationLoss > 0); // the LoRA moved away from the prior after step 1
        Assert.Contains(run.Messages, m => m.StartsWith("base quantized to float8", StringComparison.Ordinal));
        Assert.NotNull(run.Final);
    }

    [Fact]
    public void AHugeLearningRate_EndsTheRunAsDivergedWithoutSavingNonFiniteValues()
    {
        var options = fixture.Options("diverged", 20) with { LearningRate = 1e30, SaveEvery = 1 };

        var e = Assert.Throws<TrainingDivergedException>(() => Train(options));

        Assert.StartsWith($"diverged at step {e.Step}: ", e.Message);
        // Every checkpoint written before the divergence holds finite values only.
        var store = CheckpointStore.For(options);
        if (store.FindLatestComplete() is { } last)
        {
            Assert.True(last.Step < e.Step, $"a checkpoint at step {last.Step} was saved at or after the divergence at step {e.Step}");
            var checkpoint = store.Load(last);
            Assert.Null(NonFinite.FirstKey(checkpoint.Parameters));
            Assert.Null(NonFinite.FirstKey(checkpoint.OptimizerState));
        }
        Assert.False(File.Exists(store.FinalLoraPath));
    }

    [Fact]
    public void ARedoneStep_ReplacesItsRowsInTheSampleIndex()
    {
        var options = fixture.Options("redone", 4) with
        {
            SaveEvery = 2,
            Sample = new SampleOptions(2, [new SamplePrompt("a [trigger] colour field")], Width: 64, Height: 64, Steps: 1, Format: "png", SampleAtStart: false),
        };
        Train(options);
        // As if the run had died after step 3 and 4 were trained and sampled but before step 4's checkpoint landed.
        File.Delete(Path.Combine(options.OutputFolder, ".state", "redone_000000004.json"));

        var redo = Train(options);

        Assert.Equal([3, 4], redo.Steps.Select(s => s.Step));
        var indexed = SampleIndex.Read(Path.Combine(options.OutputFolder, "samples"));
        Assert.Equal([2, 4], indexed.Select(i => i.Step));
        Assert.Equal(redo.Samples.Single().Path, indexed[1].Path);
    }
}
