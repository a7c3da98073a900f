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

        Assert.Equal(0.0, new TurboDrift(sampler, DriftPrompts, (8, 30)).Score(lora));
        Assert.Equal(0.0, leakage.Score(lora));
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
        Assert.Equal(0.0, drift.Score(lora)); // caches the base distances and latents with the unchanged model

        TinyLora.Perturb(lora);
        double driftScore = drift.Score(lora), leakageScore = leakage.Score(lora);

        Assert.True(driftScore > 1e-3, $"drift {driftScore}");
        Assert.True(leakageScore > 1e-3, $"leakage {leakageScore}");
        Assert.Equal(leakageScore, leakage.Score(lora)); // same seed, same model: the same score again
    }
}
