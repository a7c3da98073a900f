using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Training;

namespace ZImageSweep.Engine.Tests.Config;

/// <summary>The UI's saved jobs bind unchanged, with the meaning ai-toolkit gives their keys.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class AiToolkitUiJobTests
{
    [Theory]
    [MemberData(nameof(AiToolkitUiJobs.All), MemberType = typeof(AiToolkitUiJobs))]
    public void UiJob_BindsUnchanged(string preset, bool json)
    {
        var job = JobDocument.Load(AiToolkitUiJobs.File(preset, json)).Bind();

        var p = job.Process;
        Assert.Equal("my_first_lora_v1", job.Name);
        Assert.Equal("/home/user/ai-toolkit/output", p.TrainingFolder);
        Assert.Equal(32, p.Network.Linear);
        Assert.Equal(TimestepType.Weighted, p.Train.TimestepType);
        Assert.Equal([512, 768, 1024], p.Datasets[0].Resolution);
        Assert.Equal(1.0, p.Datasets[0].NetworkWeight);
        Assert.False(p.Datasets[0].FlipY);
        Assert.Null(p.Datasets[0].BatchSize);
        Assert.False(p.Train.SkipFirstSample || p.Train.ForceFirstSample || p.Train.DisableSampling);
        Assert.Equal(10, p.Sample.Samples.Count);
        Assert.True(p.Model.Quantize && p.Model.LowVram);
    }

    [Theory]
    [InlineData("zimage-turbo", ModelArch.ZImageTurbo, "Tongyi-MAI/Z-Image-Turbo", "Tongyi-MAI/Z-Image-Turbo", 1.0, 9)]
    [InlineData("zimage-deturbo", ModelArch.ZImageDeTurbo, "ostris/Z-Image-De-Turbo", "Tongyi-MAI/Z-Image-Turbo", 3.0, 25)]
    [InlineData("zimage-base", ModelArch.ZImage, "Tongyi-MAI/Z-Image", "Tongyi-MAI/Z-Image", 4.0, 30)]
    public void EachPreset_CarriesItsModelAndSamplingDefaults(string preset, ModelArch arch, string model, string extras, double guidance, int steps)
    {
        var job = JobDocument.Load(AiToolkitUiJobs.File(preset, json: true)).Bind();

        Assert.Equal(arch, job.Process.Model.Arch);
        Assert.Equal(model, job.Process.Model.NameOrPath);
        Assert.Equal(extras, job.Process.Model.ExtrasNameOrPath);
        Assert.Equal(arch == ModelArch.ZImageTurbo, job.Process.Model.AssistantLoraPath is not null);
        Assert.Equal(guidance, job.Process.Sample.GuidanceScale);
        Assert.Equal(steps, job.Process.Sample.SampleSteps);
    }

    [Theory]
    [InlineData("zimage-turbo")]
    [InlineData("zimage-deturbo")]
    [InlineData("zimage-base")]
    public void YamlAndJson_OfOnePreset_GiveTheSameTrainerOptions(string preset)
    {
        var fromJson = JobTrainerOptions.From(JobDocument.Load(AiToolkitUiJobs.File(preset, json: true)).Bind());
        var fromYaml = JobTrainerOptions.From(JobDocument.Load(AiToolkitUiJobs.File(preset, json: false)).Bind());

        Assert.Equal(Describe(fromJson), Describe(fromYaml));
    }

    static string Describe(TrainerOptions o) =>
        $"{o.Name} {o.Rank} {o.Steps} {o.LearningRate} {o.Optimizer} {o.TimestepType} {o.QuantizeBase} {o.LowVram} {o.SaveEvery} "
        + $"{string.Join(",", o.Datasets.Select(d => $"{d.FolderPath}:{string.Join("/", d.ResolutionList)}:{d.CaptionDropoutRate}"))} "
        + $"{o.Sample!.Guidance} {o.Sample.Steps} {o.Sample.Prompts.Count} {o.Sample.SampleAtStart}";

    [Fact]
    public void UiValidationCard_BecomesOurHeldOutLossWithTheSameItemsAndSigmas()
    {
        var doc = JobDocument.Load(AiToolkitUiJobs.File("zimage-turbo", json: true));
        // What the UI's "Validation" card writes once switched on and given an image.
        doc.Set(JobKeyPath.Parse("train.validation_config"), YamlValuesFlow(
            "{validation_items: [{image_path: /data/val/a.png, prompt: 'a [trigger] photo'}, {image_path: '', prompt: ''}], resolution: 1024, validate_every_n_steps: 1, validation_sigmas: [1, 0.66, 0.33]}"));

        var validation = JobTrainerOptions.From(doc.Bind()).Validation!;

        var item = Assert.Single(validation.Items);
        Assert.Equal(Path.GetFullPath("/data/val/a.png"), item.ImagePath);
        Assert.Equal("a [trigger] photo", item.Prompt);
        Assert.Equal([1, 0.66, 0.33], validation.Sigmas);
        Assert.Equal(1024, validation.Resolution);
        Assert.Equal(1, validation.EveryNSteps);
        Assert.True(validation.Loss);
        Assert.False(validation.TurboDrift || validation.TriggerLeakage);
    }

    [Fact]
    public void ValidationConfigWithoutKeys_TakesAiToolkitsPythonDefaults()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);
        doc.Set(JobKeyPath.Parse("train.validation_config"), YamlValuesFlow("{validation_items: [{image_path: /v.png, prompt: p}]}"));

        var validation = JobTrainerOptions.From(doc.Bind()).Validation!;

        Assert.Equal(TrainValidationConfig.DefaultSigmas, validation.Sigmas);
        Assert.Equal(512, validation.Resolution);
        Assert.Equal(10, validation.EveryNSteps);
    }

    [Fact]
    public void ValidationItemsWithoutImages_ValidateNothing()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);
        doc.Set(JobKeyPath.Parse("train.validation_config"), YamlValuesFlow("{validation_items: [{image_path: '', prompt: ''}]}"));

        Assert.Null(JobTrainerOptions.From(doc.Bind()).Validation);
    }

    [Fact]
    public void BothValidations_AreRefused()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);
        doc.Set(JobKeyPath.Parse("train.validation_config"), YamlValuesFlow("{validation_items: [{image_path: /v.png, prompt: p}]}"));
        doc.Set(JobKeyPath.Parse("validation"), YamlValuesFlow("{holdout: 1}"));

        var error = Assert.Single(Assert.Throws<JobConfigException>(doc.Bind).Errors);

        Assert.Equal($"{JobKeyPath.ProcessRoot}.validation", error.Path);
        Assert.Contains("train.validation_config", error.Message);
    }

    [Fact]
    public void MissingValidationImage_IsAFileError()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);
        doc.Set(JobKeyPath.Parse("train.validation_config"), YamlValuesFlow("{validation_items: [{image_path: /nowhere/v.png, prompt: p}]}"));
        var job = doc.Bind();

        var errors = Assert.Throws<JobConfigException>(() => job.Validate(new LocalFileSystemChecks(Path.GetTempPath()))).Errors;

        Assert.Contains(errors, e => e.Path == $"{JobKeyPath.ProcessRoot}.train.validation_config.validation_items[0].image_path" && e.Message.Contains("/nowhere/v.png"));
    }

    [Fact]
    public void SkipFirstSample_DropsTheSampleBeforeTheFirstStep() => Assert.False(SampleWith("train.skip_first_sample", "true")!.SampleAtStart);

    [Fact]
    public void DisableSampling_DropsEverySample() => Assert.Null(SampleWith("train.disable_sampling", "true"));

    [Fact]
    public void ForceFirstSample_SamplesBeforeAResumedRunToo() => Assert.True(SampleWith("train.force_first_sample", "true")!.SampleAtResume);

    [Fact]
    public void SampleStartStep_ReachesTheTrainer() => Assert.Equal(500, SampleWith("sample.sample_start_step", "500")!.StartStep);

    static SampleOptions? SampleWith(string path, string value)
    {
        var doc = JobDocument.Load(AiToolkitUiJobs.File("zimage-turbo", json: true));
        doc.Set(JobKeyPath.Parse(path), YamlValuesFlow(value));
        return JobTrainerOptions.From(doc.Bind()).Sample;
    }

    static YamlDotNet.RepresentationModel.YamlNode YamlValuesFlow(string flow) => ZImageSweep.Contracts.Jobs.Keys.YamlValues.ParseFlow(flow);
}
