using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Engine.Tests.Config;

[Trait(Tier.Name, Tier.Unit)]
public sealed class JobConfigFileChecksTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-cfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    JobConfig Job(string dataset, string adapter) => JobYaml.Parse($"""
        config:
          name: j
          process:
            - model: {"{"} name_or_path: Tongyi-MAI/Z-Image-Turbo, assistant_lora_path: "{adapter}" {"}"}
              datasets: [ {"{"} folder_path: "{dataset}" {"}"} ]
        """).Bind();

    [Fact]
    public void ExistingFolderAndAdapter_Pass()
    {
        string adapter = Path.Combine(_dir, "v2.safetensors");
        File.WriteAllBytes(adapter, [0]);

        Job(_dir, adapter).Validate(new LocalFileSystemChecks(_dir));
    }

    [Fact]
    public void MissingFolderAndAdapter_AreBothReportedWithTheirKeyPaths()
    {
        var e = Assert.Throws<JobConfigException>(() =>
            Job(Path.Combine(_dir, "nope"), "./adapters/v1.safetensors").Validate(new LocalFileSystemChecks(_dir)));

        Assert.Equal(
            ["config.process[0].datasets[0].folder_path", "config.process[0].model.assistant_lora_path"],
            e.Errors.Select(x => x.Path).Order());
    }

    [Fact]
    public void RelativePaths_ResolveAgainstTheBaseFolder()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "images"));
        Directory.CreateDirectory(Path.Combine(_dir, "adapters"));
        File.WriteAllBytes(Path.Combine(_dir, "adapters", "v1.safetensors"), [0]);

        Job("images", "adapters/v1.safetensors").Validate(new LocalFileSystemChecks(_dir));
    }

    [Fact]
    public void HubAdapterReference_IsNotCheckedLocally() =>
        Job(_dir, "ostris/zimage_turbo_training_adapter/zimage_turbo_training_adapter_v2.safetensors")
            .Validate(new LocalFileSystemChecks(_dir));
}
