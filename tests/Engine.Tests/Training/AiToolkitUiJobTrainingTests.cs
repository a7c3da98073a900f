using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Jobs.Keys;
using ZImageSweep.Engine.Tests.Config;
using ZImageSweep.Engine.Training;

namespace ZImageSweep.Engine.Tests.Training;

/// <summary>
/// Each job ai-toolkit's UI saves for a Z-Image preset trains on the tiny model with its paths pointed at local files
/// and <c>device: cpu</c>. To stay a unit-sized test it also trains 2 steps instead of 3000 at 64 px instead of
/// 512–1024 px, and samples the first 2 of its 10 prompts at 64 px; every other key is the UI's.
/// </summary>
[Trait(Tier.Name, Tier.Integration)]
public sealed class AiToolkitUiJobTrainingTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    /// <remarks>The UI's JSON of each preset; its YAML twin binds to the same trainer options (AiToolkitUiJobTests).</remarks>
    [Theory]
    [InlineData("zimage-turbo")]
    [InlineData("zimage-deturbo")]
    [InlineData("zimage-base")]
    public void UiJob_TrainsOnTheTinyModel(string preset)
    {
        var doc = JobDocument.Load(AiToolkitUiJobs.File(preset, json: true));
        string runs = Path.Combine(fixture.Root, "ui-jobs", preset);
        // Paths and device:
        Set(doc, "training_folder", YamlScalars.Text(runs));
        Set(doc, "device", YamlScalars.Text("cpu"));
        Set(doc, "datasets[0].folder_path", YamlScalars.Text(fixture.Dataset));
        Set(doc, "model.name_or_path", YamlScalars.Text(fixture.Model.Directory));
        if (doc.Get(JobKeyPath.Parse("model.extras_name_or_path")) is not null) Set(doc, "model.extras_name_or_path", YamlScalars.Text(fixture.Model.Directory));
        if (doc.Get(JobKeyPath.Parse("model.assistant_lora_path")) is not null) Set(doc, "model.assistant_lora_path", YamlScalars.Text(fixture.Model.Adapter("v2")));
        // Size:
        Set(doc, "train.steps", YamlScalars.Number(2));
        Set(doc, "datasets[0].resolution", YamlValues.ParseFlow("[64]"));
        Set(doc, "sample.width", YamlScalars.Number(64));
        Set(doc, "sample.height", YamlScalars.Number(64));
        var prompts = (YamlSequenceNode)doc.Get(JobKeyPath.Parse("sample.samples"))!;
        Set(doc, "sample.samples", new YamlSequenceNode(prompts.Children.Take(2)));
        var job = doc.Bind();
        job.Validate(new LocalFileSystemChecks(fixture.Root));
        var observer = new RecordingObserver();

        string? final = TrainingJob.Run(job, observer, new TrainingControl());

        Assert.Equal(Path.Combine(runs, "my_first_lora_v1", "my_first_lora_v1.safetensors"), final);
        Assert.True(File.Exists(final));
        Assert.Equal([1, 2], observer.Steps.Select(s => s.Step));
        Assert.All(observer.Steps, s => Assert.True(double.IsFinite(s.Loss), $"step {s.Step}: loss {s.Loss}"));
        // The UI's default sampling: every prompt before the first step and after the last.
        Assert.Equal([0, 0, 2, 2], observer.Samples.Select(s => s.Step));
    }

    static void Set(JobDocument doc, string path, YamlNode value) => doc.Set(JobKeyPath.Parse(path), value);
}
