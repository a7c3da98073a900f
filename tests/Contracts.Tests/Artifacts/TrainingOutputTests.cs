using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Tests.Artifacts;

/// <summary>ai-toolkit's names inside a job's output folder, which ComfyUI users and resume both depend on.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class TrainingOutputTests
{
    readonly TrainingOutput _output = new(Path.Combine("/runs", "my_lora"), "my_lora");

    [Fact]
    public void StepFiles_AreTheJobNameAndANineDigitStep()
    {
        Assert.Equal(Path.Combine("/runs", "my_lora", "my_lora_000001500.safetensors"), _output.LoraPath(1500));
        Assert.Equal(Path.Combine("/runs", "my_lora", ".state", "my_lora_000001500.safetensors"), _output.StatePath(1500));
        Assert.Equal(Path.Combine("/runs", "my_lora", "my_lora.safetensors"), _output.FinalLoraPath);
        Assert.Equal(Path.Combine("/runs", "my_lora", "samples"), _output.SamplesFolder);
    }

    [Fact]
    public void StepOf_ReadsBackTheStepOfEveryStepFile()
    {
        Assert.Equal(1500, _output.StepOf(_output.LoraPath(1500)));
        Assert.Equal(7, _output.StepOf(_output.StatePath(7)));
    }

    [Theory]
    [InlineData("my_lora.safetensors")] // the final LoRA
    [InlineData("other_000000010.safetensors")] // another job's file
    [InlineData("my_lora_10.safetensors")] // not nine digits
    [InlineData("my_lora_000000010.json")]
    [InlineData("my_lora_00000001x.safetensors")]
    public void StepOf_IsNullForAnyOtherFile(string name)
    {
        Assert.Null(_output.StepOf(Path.Combine(_output.Folder, name)));
    }

    [Fact]
    public void StepFilePattern_MatchesTheStepFilesAndNotTheFinalLora()
    {
        string folder = Directory.CreateTempSubdirectory("zsweep-output-").FullName;
        try
        {
            var output = new TrainingOutput(folder, "job");
            foreach (string path in new[] { output.LoraPath(4), output.LoraPath(8), output.FinalLoraPath }) File.WriteAllText(path, "");

            Assert.Equal([output.LoraPath(4), output.LoraPath(8)], Directory.GetFiles(folder, output.StepFilePattern).Order());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Of_AJob_IsItsTrainingFolderAndName()
    {
        var job = JobDocument.Parse("""
            job: extension
            config:
              name: my_lora
              process:
                - type: diffusion_trainer
                  training_folder: /runs
                  model:
                    arch: "zimage:turbo"
                    name_or_path: Tongyi-MAI/Z-Image-Turbo
                  datasets:
                    - folder_path: /data/person
            """, "job.yaml").Bind();

        Assert.Equal(new TrainingOutput(Path.Combine("/runs", "my_lora"), "my_lora"), TrainingOutput.Of(job));
    }
}
