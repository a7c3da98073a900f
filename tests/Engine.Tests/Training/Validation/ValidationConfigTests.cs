using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Tests.Config;
using ZImageSweep.Engine.Training;

namespace ZImageSweep.Engine.Tests.Training.Validation;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ValidationConfigTests
{
    static string WithProcessKeys(string keys) =>
        JobYaml.Minimal.Replace("      datasets:", "      trigger_word: sks\n" + keys + "\n      datasets:");

    static JobConfigException Reject(string keys) => Assert.Throws<JobConfigException>(() => JobYaml.Parse(WithProcessKeys(keys)).Bind());

    [Fact]
    public void ValidationSection_BindsEveryKey()
    {
        var v = JobYaml.Parse(WithProcessKeys("""
                  validation:
                    folder_path: /data/heldout
                    caption_ext: caption
                    holdout: 3
                    timesteps: [0.25, 0.75]
                    seed: 7
                    resolution: 256
                    turbo_drift: false
                    drift_steps: [4, 16]
                    trigger_leakage: true
                    drift_prompts: ["a [trigger] portrait"]
                    leakage_prompts: ["a red car", "a bowl of soup"]
            """)).Bind().Process.Validation!;

        Assert.Equal("/data/heldout", v.FolderPath);
        Assert.Equal(".caption", v.CaptionExt);
        Assert.Equal(3, v.Holdout);
        Assert.Equal([0.25, 0.75], v.Timesteps);
        Assert.Equal(7, v.Seed);
        Assert.Equal(256, v.Resolution);
        Assert.True(v.ValidationLoss);
        Assert.False(v.TurboDrift);
        Assert.Equal([4, 16], v.DriftSteps);
        Assert.Equal(["a [trigger] portrait"], v.DriftPrompts);
        Assert.Equal(["a red car", "a bowl of soup"], v.LeakagePrompts);
    }

    [Fact]
    public void AbsentSection_MeasuresNothing_AndAHoldoutAloneTakesTheDefaults()
    {
        Assert.Null(JobYaml.Parse(JobYaml.Minimal).Bind().Process.Validation);

        var v = JobYaml.Parse(WithProcessKeys("      validation: { holdout: 1 }")).Bind().Process.Validation!;
        Assert.Equal([0.1, 0.3, 0.5, 0.7, 0.9], v.Timesteps);
        Assert.Equal(42, v.Seed);
        Assert.Equal([8, 30], v.DriftSteps);
        Assert.Null(v.Resolution);
        Assert.True(v.ValidationLoss && v.TurboDrift && v.TriggerLeakage);
    }

    [Theory]
    [InlineData("      validation: { holdout: 1, timesteps: [0.1, 1.5] }", "config.process[0].validation.timesteps[1]", "≤ 1")]
    [InlineData("      validation: { holdout: 1, timesteps: [0, 0.5] }", "config.process[0].validation.timesteps[0]", "> 0")]
    [InlineData("      validation: { holdout: 1, timesteps: [\"0.5\"] }", "config.process[0].validation.timesteps[0]", "a number")]
    [InlineData("      validation: { holdout: -1, validation_loss: false }", "config.process[0].validation.holdout", "≥ 0")]
    [InlineData("      validation: { holdout: 1, resolution: 8 }", "config.process[0].validation.resolution", "from 16")]
    [InlineData("      validation: { holdout: 1, seeds: 3 }", "config.process[0].validation.seeds", "unknown key")]
    [InlineData("      validation: { turbo_drift: true }", "config.process[0].validation.validation_loss", "folder_path and/or holdout")]
    [InlineData("      validation: { holdout: 1, leakage_prompts: [\"a photo of sks\"] }", "config.process[0].validation.leakage_prompts[0]", "trigger")]
    [InlineData("      validation: { holdout: 1, leakage_prompts: [\"a cat\", \"[trigger] on a beach\"] }", "config.process[0].validation.leakage_prompts[1]", "trigger")]
    [InlineData("      validation: { holdout: 1, drift_steps: [30, 8] }", "config.process[0].validation.drift_steps", "fewer first")]
    [InlineData("      validation: { holdout: 1, drift_steps: 8 }", "config.process[0].validation.drift_steps", "two step counts")]
    [InlineData("      validation: [1, 2]", "config.process[0].validation", "a mapping")]
    [InlineData("      sample: { network_multipliers: [0.8, 80] }", "config.process[0].sample.network_multipliers[1]", "≤ 4")]
    [InlineData("      sample: { network_multipliers: [strong] }", "config.process[0].sample.network_multipliers[0]", "a number")]
    [InlineData("      sample: { network_multipliers: { a: 1 } }", "config.process[0].sample.network_multipliers", "a list")]
    [InlineData("      sample: { network_multipliers: [] }", "config.process[0].sample.network_multipliers", "at least one")]
    [InlineData("      sample: { network_multipliers: [0.5, 0.5] }", "config.process[0].sample.network_multipliers", "twice")]
    [InlineData("      sample: { network_multiplier: 0.7, network_multipliers: [0.5, 1] }", "config.process[0].sample.network_multiplier", "not both")]
    [InlineData("      sample: { network_multipliers: [0.5, 1], samples: [ { prompt: a, network_multiplier: 2 } ] }", "config.process[0].sample.samples[0].network_multiplier", "network_multipliers")]
    public void BadValidationOrWeightKey_IsRejectedNamingItsPath(string keys, string path, string message)
    {
        var error = Assert.Single(Reject(keys).Errors);

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void MissingValidationFolder_IsNamedByTheFileChecks()
    {
        var job = JobYaml.Parse(WithProcessKeys("      validation: { folder_path: /nonexistent/heldout }")).Bind();

        var e = Assert.Throws<JobConfigException>(() => job.Validate(new LocalFileSystemChecks("/")));
        Assert.Contains(e.Errors, err => err.Path == "config.process[0].validation.folder_path" && err.Message.Contains("/nonexistent/heldout"));
    }

    [Fact]
    public void TrainerOptions_TakeTheDatasetResolutionAndTheSampleSettings()
    {
        var job = JobYaml.Parse(JobYaml.UiTurbo.Replace("      sample:", "      validation: { holdout: 2 }\n      sample:")).Bind();

        var v = JobTrainerOptions.From(job).Validation!;
        Assert.Equal(512, v.Resolution);     // datasets[0].resolution [512, 768, 1024]
        Assert.Equal(2, v.Holdout);
        Assert.Equal(1024, v.Sampling.Width);
        Assert.Equal(8, v.Sampling.Steps);   // ai-toolkit's 9 Turbo sample steps are the official 8
        Assert.Equal(0, v.Sampling.Guidance); // Turbo's guidance_scale 1 is no CFG
    }

    [Fact]
    public void NetworkMultipliers_BindAndReachTheSampleOptions()
    {
        var job = JobYaml.Parse(JobYaml.UiTurbo.Replace("        sample_steps: 9", "        sample_steps: 9\n        network_multipliers: [0.6, 0.8, 1.0]")).Bind();

        Assert.Equal([0.6, 0.8, 1.0], job.Process.Sample.NetworkMultipliers);
        Assert.Equal([0.6, 0.8, 1.0], JobTrainerOptions.From(job).Sample!.NetworkMultipliers);
    }
}
