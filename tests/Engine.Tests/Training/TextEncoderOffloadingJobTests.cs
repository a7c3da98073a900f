using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Jobs.Keys;
using ZImageSweep.Contracts.Packing;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Tests.Config;
using ZImageSweep.Engine.Tests.Pipelines;
using ZImageSweep.Engine.Training;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

/// <summary>
/// A job's <c>model.layer_offloading</c> with <c>layer_offloading_text_encoder_percent</c> reaches the text encoder
/// the training pipeline loads (the path TrainingJob.Run and the slot worker's ResidentBase share), and the run's log
/// says how many layers wait on the host.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class TextEncoderOffloadingJobTests(DeepTextEncoderFixture fixture) : IClassFixture<DeepTextEncoderFixture>
{
    JobConfig Job(params (string Path, string Value)[] keys)
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);
        doc.Set(JobKeyPath.Parse("model.name_or_path"), YamlValues.ParseFlow($"'{fixture.Model.Directory}'"));
        doc.Set(JobKeyPath.Parse("device"), YamlValues.ParseFlow("cpu"));
        foreach (var (path, value) in keys) doc.Set(JobKeyPath.Parse(path), YamlValues.ParseFlow(value));
        return doc.Bind();
    }

    List<string> EncodeWith(JobConfig job)
    {
        var lines = new List<string>();
        ZImagePipelineOptions options = TrainingJob.PipelineOptions(BaseKey.Of(job.Process), JobTrainerOptions.From(job), lines.Add);
        using var scope = NewDisposeScope();
        using var pipeline = ZImagePipeline.Load(options);
        Assert.Single(pipeline.EncodePrompts(["a photo of a cat"]));
        return lines;
    }

    [Fact]
    public void ThePercent_ReachesTheEncoder()
    {
        JobConfig job = Job(("model.layer_offloading", "true"), ("model.layer_offloading_transformer_percent", "0"),
            ("model.layer_offloading_text_encoder_percent", "0.5"));

        Assert.Equal(0.5, JobTrainerOptions.From(job).TextEncoderOffloadShare);
        List<string> lines = EncodeWith(job);

        Assert.Contains(lines, l => l.StartsWith($"layer offloading: 2 of {DeepTextEncoderFixture.BuiltLayers} text encoder layers keep their frozen weights", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutLayerOffloading_ThePercentIsNotUsed()
    {
        JobConfig job = Job(("model.layer_offloading_text_encoder_percent", "0.5"));

        Assert.Null(JobTrainerOptions.From(job).TextEncoderOffloadShare);
        Assert.Empty(EncodeWith(job));
    }
}
