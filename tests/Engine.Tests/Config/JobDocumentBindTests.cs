using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Engine.Tests.Config;

[Trait(Tier.Name, Tier.Unit)]
public sealed class JobDocumentBindTests
{
    [Fact]
    public void UiTurboJob_BindsEveryKeyWithItsValue()
    {
        var job = JobYaml.Parse(JobYaml.UiTurbo).Bind();

        Assert.Equal("zit_person_v1", job.Name);
        var p = job.Process;
        Assert.Equal("sks_person", p.TriggerWord);
        Assert.Equal(32, p.Network.Linear);
        Assert.Equal(SaveDType.BFloat16, p.Save.DType);
        Assert.Equal(250, p.Save.SaveEvery);
        Assert.Equal(4, p.Save.MaxStepSavesToKeep);
        Assert.Equal([512, 768, 1024], p.Datasets[0].Resolution);
        Assert.Equal(".txt", p.Datasets[0].CaptionExt);
        Assert.Equal(0.05, p.Datasets[0].CaptionDropoutRate);
        Assert.Equal(3000, p.Train.Steps);
        Assert.Equal(1e-4, p.Train.Lr);
        Assert.Equal(OptimizerKind.AdamW8Bit, p.Train.Optimizer);
        Assert.Equal(1e-4, p.Train.WeightDecay);
        Assert.Equal(TimestepType.Weighted, p.Train.TimestepType);
        Assert.Equal(TrainDType.BFloat16, p.Train.DType);
        Assert.Equal(0.99, p.Train.Ema.EmaDecay);
        Assert.Equal("person", p.Train.DiffOutputPreservationClass);
        Assert.Equal(ModelArch.ZImageTurbo, p.Model.Arch);
        Assert.EndsWith("adapter_v2.safetensors", p.Model.AssistantLoraPath);
        Assert.True(p.Model.Quantize);
        Assert.Equal(9, p.Sample.SampleSteps);
        Assert.Equal("photo of [trigger] at the beach", Assert.Single(p.Sample.Samples).Prompt);
        Assert.Equal("[name]", job.Meta["name"]);
    }

    [Fact]
    public void MinimalJob_TakesAiToolkitCodeDefaults()
    {
        var p = JobYaml.Parse(JobYaml.Minimal).Bind().Process;

        Assert.Equal(4, p.Network.Linear);
        Assert.Equal(1.0, p.Network.LinearAlpha);
        Assert.Equal(1e-6, p.Train.Lr);
        Assert.Equal(1000, p.Train.Steps);
        Assert.Equal(OptimizerKind.AdamW, p.Train.Optimizer);
        Assert.Null(p.Train.WeightDecay);
        Assert.Equal(1.0, p.Train.MaxGradNorm);
        Assert.Equal(TimestepType.Sigmoid, p.Train.TimestepType);
        Assert.Equal(SaveDType.Float16, p.Save.DType);
        Assert.Equal(1000, p.Save.SaveEvery);
        Assert.Equal(5, p.Save.MaxStepSavesToKeep);
        Assert.Equal([512], p.Datasets[0].Resolution);
        Assert.Equal("output", p.TrainingFolder);
        Assert.Equal("Tongyi-MAI/Z-Image-Turbo", p.Model.ExtrasNameOrPath);
    }

    [Theory]
    [InlineData("zimage:turbo", 1.0, 9)]
    [InlineData("zimage:deturbo", 3.0, 25)]
    [InlineData("zimage", 4.0, 30)]
    public void UnsetSamplingValues_TakeThePerArchitectureDefaults(string arch, double guidance, int steps)
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);
        doc.Set(JobKeyPath.Parse("model.arch"), new YamlDotNet.RepresentationModel.YamlScalarNode(arch));

        var sample = doc.Bind().Process.Sample;

        Assert.Equal(guidance, sample.GuidanceScale);
        Assert.Equal(steps, sample.SampleSteps);
    }

    [Fact]
    public void JsonJob_BindsLikeYaml()
    {
        const string json = """
            {"job": "extension", "config": {"name": "j", "process": [{"model": {"name_or_path": "a/b"},
             "datasets": [{"folder_path": "/d", "resolution": 768}], "train": {"lr": 2e-4, "steps": 10}}]}}
            """;

        var p = JobDocument.Parse(json, "job.json").Bind().Process;

        Assert.Equal(2e-4, p.Train.Lr);
        Assert.Equal([768], p.Datasets[0].Resolution);
    }

    [Fact]
    public void LegacyPromptList_BecomesSamples()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal.Replace("      datasets:", "      sample: { prompts: [a cat, a dog] }\n      datasets:"));

        var samples = doc.Bind().Process.Sample.Samples;

        Assert.Equal(["a cat", "a dog"], samples.Select(s => s.Prompt));
    }

    [Fact]
    public void RankAlias_SetsLinear()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal.Replace("      datasets:", "      network: { rank: 16 }\n      datasets:"));

        Assert.Equal(16, doc.Bind().Process.Network.Linear);
    }
}
