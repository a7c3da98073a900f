using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Engine.Tests.Config;

[Trait(Tier.Name, Tier.Unit)]
public sealed class JobDocumentRejectionTests
{
    static JobConfigException Reject(string yaml) =>
        Assert.Throws<JobConfigException>(() => JobYaml.Parse(yaml).Bind());

    static string WithProcessKeys(string keys) => JobYaml.Minimal.Replace("      datasets:", keys + "\n      datasets:");

    [Theory]
    [InlineData("      train: { lr: 0 }", "config.process[0].train.lr", "> 0")]
    [InlineData("      train: { lr: -1e-4 }", "config.process[0].train.lr", "> 0")]
    [InlineData("      train: { steps: 0 }", "config.process[0].train.steps", "≥ 1")]
    [InlineData("      network: { linear: 0 }", "config.process[0].network.linear", "≥ 1")]
    [InlineData("      train: { batch_size: 0 }", "config.process[0].train.batch_size", "≥ 1")]
    [InlineData("      save: { save_every: 0 }", "config.process[0].save.save_every", "≥ 1")]
    [InlineData("      train: { ema_config: { ema_decay: 1.5 } }", "config.process[0].train.ema_config.ema_decay", "< 1")]
    public void OutOfRangeValue_IsRejectedNamingTheKeyPathAndTheRange(string keys, string path, string range)
    {
        var e = Reject(WithProcessKeys(keys));

        var error = Assert.Single(e.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(range, error.Message);
        Assert.Contains("job.yaml", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("      train: { lr: \"1e-4\" }", "config.process[0].train.lr", "a number")]
    [InlineData("      train: { steps: 10.5 }", "config.process[0].train.steps", "a whole number")]
    [InlineData("      train: { gradient_checkpointing: yes }", "config.process[0].train.gradient_checkpointing", "true or false")]
    [InlineData("      train: [1, 2]", "config.process[0].train", "a mapping")]
    [InlineData("      save: { dtype: [bf16] }", "config.process[0].save.dtype", "a string")]
    public void WrongType_IsRejectedNamingTheKeyPath(string keys, string path, string expected)
    {
        var error = Assert.Single(Reject(WithProcessKeys(keys)).Errors);

        Assert.Equal(path, error.Path);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void UnknownKey_IsRejectedAndTheKnownKeysListed()
    {
        var error = Assert.Single(Reject(WithProcessKeys("      train: { learning_rate: 1e-4 }")).Errors);

        Assert.Equal("config.process[0].train.learning_rate", error.Path);
        Assert.Contains("unknown key", error.Message);
        Assert.Contains("lr", error.Message);
    }

    [Theory]
    [InlineData("      train: { optimizer: prodigy }", "config.process[0].train.optimizer", "adamw, adamw8bit")]
    [InlineData("      train: { lr_scheduler: cosine_with_restarts }", "config.process[0].train.lr_scheduler", "constant, cosine, linear")]
    [InlineData("      network: { type: lokr }", "config.process[0].network.type", "lora")]
    public void UnsupportedChoice_IsRejectedListingTheChoices(string keys, string path, string choices)
    {
        var error = Assert.Single(Reject(WithProcessKeys(keys)).Errors);

        Assert.Equal(path, error.Path);
        Assert.Contains("not supported", error.Message);
        Assert.Contains(choices, error.Message);
    }

    [Fact]
    public void SeveralProblems_AreAllReportedAtOnce()
    {
        var e = Reject(WithProcessKeys("      train: { lr: 0, steps: 0, bogus: 1 }\n      network: { linear: 0 }"));

        Assert.Equal(
            ["config.process[0].network.linear", "config.process[0].train.bogus", "config.process[0].train.lr", "config.process[0].train.steps"],
            e.Errors.Select(x => x.Path).Order());
    }

    [Fact]
    public void MissingRequiredKeys_AreNamed()
    {
        var e = Reject("job: extension\nconfig:\n  name: j\n  process:\n    - model: {}\n");

        Assert.Contains(e.Errors, x => x.Path == "config.process[0].model.name_or_path" && x.Message.Contains("required"));
        Assert.Contains(e.Errors, x => x.Path == "config.process[0].datasets" && x.Message.Contains("required"));
    }

    [Fact]
    public void AdapterOnANonTurboArch_IsRejected()
    {
        var error = Assert.Single(Reject(JobYaml.UiTurbo.Replace("arch: \"zimage:turbo\"", "arch: zimage")).Errors);

        Assert.Equal("config.process[0].model.assistant_lora_path", error.Path);
    }

    [Fact]
    public void RankAndLinearTogether_AreRejected()
    {
        var error = Assert.Single(Reject(WithProcessKeys("      network: { linear: 8, rank: 16 }")).Errors);

        Assert.Equal("config.process[0].network.rank", error.Path);
    }

    [Fact]
    public void DifferentialOutputPreservationWithoutTrigger_IsRejected()
    {
        var error = Assert.Single(Reject(WithProcessKeys("      train: { diff_output_preservation: true }")).Errors);

        Assert.Equal("config.process[0].train.diff_output_preservation", error.Path);
    }

    [Theory]
    [InlineData("name: ../escape")]
    [InlineData("name: \"\"")]
    public void UnusableJobName_IsRejected(string nameLine)
    {
        var error = Assert.Single(Reject(JobYaml.Minimal.Replace("name: tiny_job", nameLine)).Errors);

        Assert.Equal("config.name", error.Path);
    }

    [Fact]
    public void TwoProcesses_AreRejected()
    {
        string two = JobYaml.Minimal + "\n    - model: { name_or_path: a/b }\n      datasets: [ { folder_path: /d } ]";

        Assert.Equal("config.process", Assert.Single(Reject(two).Errors).Path);
    }

    [Fact]
    public void MalformedYaml_IsRejectedWithItsPosition()
    {
        var e = Assert.Throws<JobConfigException>(() => JobYaml.Parse("config: { name: [unclosed"));

        Assert.StartsWith("line ", Assert.Single(e.Errors).Path);
    }
}
