using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Validation;

namespace ZImageSweep.Engine.Tests.Training.Validation;

[Trait(Tier.Name, Tier.Unit)]
public sealed class DriftAndLeakageTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    static readonly string[] Prompts = ["a plain photo", "a colour field"];
    static readonly string[] DriftPrompts = Prompts[..1]; // 8 + 30 steps per prompt: one is enough to see a change
    static readonly ValidationSampling Settings = new(Width: 32, Height: 32, Steps: 3);

    [Fact]
    public void FreshLora_LeavesDriftAndLeakageExactlyZero()
    {
        using var pipeline = fixture.LoadPipeline();
        using var embeddings = CaptionEmbeddings.Encode(pipeline.EncodePrompts, [.. Prompts, ""]);
        using var lora = TinyLora.Fresh(pipeline.Transformer); // B = 0: the same model with and without it
        var sampler = new ValidationSampler(pipeline.Transformer, pipeline.Scheduler.Shift, embeddings, Settings, seed: 9);
        using var leakage = new TriggerLeakage(sampler, Prompts, Settings.Steps);

        Assert.Equal(0.0, Score(new TurboDrift(sampler, DriftPrompts, (8, 30)).ScoreItems(lora)));
        Assert.Equal(["0: a plain photo", "1: a colour field"], leakage.ScoreItems(lora).Keys); // an item per prompt
        Assert.Equal(0.0, Score(leakage.ScoreItems(lora)));
    }

    [Fact]
    public void LoraThatChangesThePrediction_GivesPositiveDriftAndLeakage()
    {
        using var pipeline = fixture.LoadPipeline();
        using var embeddings = CaptionEmbeddings.Encode(pipeline.EncodePrompts, [.. Prompts, ""]);
        using var lora = TinyLora.Fresh(pipeline.Transformer);
        var sampler = new ValidationSampler(pipeline.Transformer, pipeline.Scheduler.Shift, embeddings, Settings, seed: 9);
        var drift = new TurboDrift(sampler, DriftPrompts, (8, 30));
        using var leakage = new TriggerLeakage(sampler, Prompts, Settings.Steps);
        Assert.Equal(0.0, Score(drift.ScoreItems(lora))); // caches the base distances and latents with the unchanged model

        TinyLora.Perturb(lora);
        double driftScore = Score(drift.ScoreItems(lora)), leakageScore = Score(leakage.ScoreItems(lora));

        Assert.True(driftScore > 1e-3, $"drift {driftScore}");
        Assert.True(leakageScore > 1e-3, $"leakage {leakageScore}");
        Assert.Equal(leakageScore, Score(leakage.ScoreItems(lora))); // same seed, same model: the same score again
    }

    /// <summary>A score is the mean of its per-prompt items.</summary>
    static double Score(IReadOnlyDictionary<string, double> items) => items.Values.Average();
}
