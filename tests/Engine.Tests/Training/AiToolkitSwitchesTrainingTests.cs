using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Validation;

namespace ZImageSweep.Engine.Tests.Training;

/// <summary>ai-toolkit's sampling switches, network_weight and validation cadence, on the tiny model.</summary>
[Trait(Tier.Name, Tier.Integration)]
public sealed class AiToolkitSwitchesTrainingTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    static SampleOptions OnePrompt(int every) => new(every, [new SamplePrompt("a [trigger] colour field")], Width: 32, Height: 32, Steps: 2, Format: "png");

    RecordingObserver Train(TrainerOptions options, int? stopAt = null)
    {
        var control = new TrainingControl();
        var observer = new RecordingObserver(report => { if (report.Step == stopAt) control.RequestStop(); });
        using var pipeline = fixture.LoadPipeline();
        new ZImageTrainer(options, ZImageModelSet.From(pipeline, null), observer, control).Run();
        return observer;
    }

    [Fact]
    public void SampleStartStep_HoldsBackPeriodicSamplesButNotTheFirstOrLast()
    {
        var run = Train(fixture.Options("start-step", 4) with { Sample = OnePrompt(every: 1) with { StartStep = 3 } });

        Assert.Equal([0, 3, 4], run.Samples.Select(s => s.Step));
    }

    [Theory]
    [InlineData(false, new[] { 4 })]
    [InlineData(true, new[] { 2, 4 })]
    public void ResumedRun_SamplesFirstOnlyWithForceFirstSample(bool force, int[] expected)
    {
        var options = fixture.Options($"resumed-force-{force}", 4) with { Sample = OnePrompt(every: 100) with { SampleAtResume = force } };
        Train(options, stopAt: 2);

        var resumed = Train(options);

        Assert.True(resumed.Resumed);
        Assert.Equal(expected, resumed.Samples.Select(s => s.Step));
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1.0, true)]
    public void NetworkWeight_IsTheLoraStrengthWhileTraining(double weight, bool learns)
    {
        // At strength 0 the LoRA takes no part in the forward pass, so its up-projections get no gradient and stay 0.
        var options = fixture.Options($"weight-{weight}", 2) with { Datasets = [new DatasetOptions(fixture.Dataset, Resolutions: [64], NetworkWeight: weight)] };

        var run = Train(options);

        using var lora = SafeTensorsFile.Open(run.Final!);
        bool anyNonZero = lora.Keys.Where(k => k.Contains("lora_B")).Any(k => lora.Read(k, TorchSharp.torch.ScalarType.Float32).abs().max().item<float>() > 0);
        Assert.Equal(learns, anyNonZero);
    }

    [Fact]
    public void ValidateEveryNSteps_ValidatesAtTheStartAndOnItsOwnScheduleWithTheItems()
    {
        var options = fixture.Options("every-n", 4) with
        {
            Validation = new ValidationOptions
            {
                Items = [new ValidationItem(Path.Combine(fixture.Dataset, "img0.png"), "a [trigger] colour field")],
                Sigmas = [1.0, 0.5],
                Resolution = 64,
                EveryNSteps = 2,
                TurboDrift = false,
                TriggerLeakage = false,
            },
        };

        var run = Train(options);

        Assert.Equal([0, 2, 4], run.Validations.Select(v => v.Step));
        Assert.All(run.Validations, v => Assert.True(v.ValidationLoss is double loss && double.IsFinite(loss) && loss > 0, $"step {v.Step}: {v.ValidationLoss}"));
        Assert.Contains(run.Messages, m => m.StartsWith("validation: 1 held-out images at 64 px, 2 fixed timesteps", StringComparison.Ordinal));
    }
}
