using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Jobs.Keys;
using ZImageSweep.Contracts.Packing;
using YamlDotNet.RepresentationModel;

namespace ZImageSweep.Contracts.Tests.Packing;

/// <summary>
/// Which jobs share a loaded base (the slot worker's resident base): the first differing job key is named with both
/// values, as the refusal of a start for another base reports it (WorkerProtocol).
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class BaseKeyTests
{
    static JobConfig Job((string Key, string Value)? change = null)
    {
        var doc = JobDocument.Parse("""
            job: extension
            config:
              name: arm
              process:
                - type: diffusion_trainer
                  device: cpu
                  model: { arch: "zimage:turbo", name_or_path: /models/tiny }
                  datasets: [ { folder_path: /data/set } ]
            """, "job.yaml");
        if (change is var (k, v)) doc.Set(JobKeyPath.Parse(k), new YamlScalarNode(v)); // plain, as typed in a job file
        return doc.Bind();
    }

    [Theory]
    [InlineData("model.name_or_path", "/models/other", "'/models/other' differs from the loaded base's '/models/tiny'")]
    [InlineData("model.extras_name_or_path", "/models/extras", "'/models/extras' differs from the loaded base's ''")]
    [InlineData("device", "cuda:1", "'cuda:1' differs from the loaded base's 'cpu'")]
    [InlineData("train.dtype", "bf16", "'bf16' differs from the loaded base's 'fp32'")]
    [InlineData("model.quantize", "true", "'qfloat8' differs from the loaded base's 'false'")]
    [InlineData("model.layer_offloading", "true", "'transformer share 1, text encoder share 1' differs from the loaded base's 'false'")]
    public void AJobOnAnotherBase_NamesTheFirstDifferingKey(string key, string value, string reason)
    {
        var difference = BaseKey.Of(Job((key, value)).Process).Difference(BaseKey.Of(Job().Process));

        Assert.Equal((key, reason), difference);
    }

    [Theory]
    [InlineData("model.extras_name_or_path", "/models/tiny")] // extras that are the model itself are no extras
    [InlineData("train.lr", "0.5")]                            // training keys are the arm's own
    [InlineData("model.low_vram", "true")]                     // where the VAE waits between arms is no other base
    public void JobsDifferingElsewhere_ShareTheBase(string key, string value) =>
        Assert.Null(BaseKey.Of(Job((key, value)).Process).Difference(BaseKey.Of(Job().Process)));
}
