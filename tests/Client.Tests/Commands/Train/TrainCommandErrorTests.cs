using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ZImageSweep.Engine.TinyModels;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Client.Tests.Commands.Train;

/// <summary>
/// <c>zsweep train</c> on the user and disk errors of issue 21: each ends with one line naming what it is about and
/// exit 1 (runtime) or 2 (input), never a stack trace. A tiny model on the CPU, a second or two per case.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class TrainCommandErrorTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-cli-train-").FullName;
    readonly List<string> _mounts = [];

    public TrainCommandErrorTests()
    {
        LibTorchLoader.EnsureLoaded();
        TinyModelWriter.Write(Model, seed: 0);
        RandomImageDataset.Write(Dataset);
    }

    public void Dispose()
    {
        foreach (string mount in _mounts) Process.Start("umount", mount).WaitForExit();
        Directory.Delete(_dir, recursive: true);
    }

    string Model => Path.Combine(_dir, "model");
    string Dataset => Path.Combine(_dir, "dataset");
    string TransformerShard(string model) => Path.Combine(model, "transformer", TinyModelWriter.TransformerWeights);

    /// <summary>What a case changes about the working job, and the job file it then runs.</summary>
    sealed record Job(string Model, string Dataset, string TrainingFolder, int Linear = 8, double Lr = 1e-3, string? Text = null);

    string Write(Job job)
    {
        string Quote(string s) => "'" + s.Replace("'", "''") + "'";
        string path = Path.Combine(_dir, "job.yaml");
        File.WriteAllText(path, job.Text ?? $"""
            job: extension
            config:
              name: err
              process:
                - type: diffusion_trainer
                  training_folder: {Quote(job.TrainingFolder)}
                  device: cpu
                  training_seed: 1
                  model: {"{"} arch: "zimage:turbo", name_or_path: {Quote(job.Model)} {"}"}
                  network: {"{"} type: lora, linear: {job.Linear}, linear_alpha: {job.Linear} {"}"}
                  save: {"{"} dtype: bf16, save_every: 1 {"}"}
                  train: {"{"} steps: 2, lr: {job.Lr.ToString("R", CultureInfo.InvariantCulture)}, optimizer: adamw8bit, gradient_checkpointing: false {"}"}
                  datasets:
                    - {"{"} folder_path: {Quote(job.Dataset)}, resolution: [64] {"}"}
            """);
        return path;
    }

    Job Working => new(Model, Dataset, Path.Combine(_dir, "output"));

    /// <summary>Sets up one case: returns the job to run (and may train a first run that must succeed).</summary>
    Job Arrange(string name)
    {
        switch (name)
        {
            case "empty dataset folder":
                return Working with { Dataset = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName };
            case "missing model shard":
            {
                string model = CopyOfModel();
                File.Delete(TransformerShard(model));
                return Working with { Model = model };
            }
            case "truncated model shard":
            {
                string model = CopyOfModel();
                using (var shard = File.OpenWrite(TransformerShard(model))) shard.SetLength(shard.Length / 2);
                return Working with { Model = model };
            }
            case "full disk":
            {
                string disk = Directory.CreateDirectory(Path.Combine(_dir, "full")).FullName;
                var mount = Process.Start("mount", ["-t", "tmpfs", "-o", "size=4k", "tmpfs", disk]);
                mount.WaitForExit();
                Assert.SkipUnless(mount.ExitCode == 0, "mounting a 4 KiB tmpfs (the real full disk) needs root");
                _mounts.Add(disk);
                return Working with { TrainingFolder = disk };
            }
            case "unwritable training_folder":
            {
                string file = Path.Combine(_dir, "a-file");
                File.WriteAllText(file, "not a folder");
                return Working with { TrainingFolder = Path.Combine(file, "output") };
            }
            case "resume after a rank change":
                TrainOnce(Working);
                return Working with { Linear = 16 };
            case "resume after an lr change":
                TrainOnce(Working);
                return Working with { Lr = 2e-3 };
            case "unclosed flow list":
                // More keys after the unclosed list: YamlDotNet's scanner then fails without a position of its own.
                return Working with { Text = "job: extension\nconfig:\n  name: err\n  process:\n    - network:\n        linear: [8\n      train:\n        lr: 1e-4\n" };
            case "diverging run":
                return Working with { Lr = 1e30 };
            default:
                throw new ArgumentException(name);
        }
    }

    void TrainOnce(Job job)
    {
        var first = Zsweep.Run("train", Write(job));
        Assert.True(first.ExitCode == 0, first.Output);
    }

    string CopyOfModel()
    {
        string copy = Path.Combine(_dir, "model-copy");
        foreach (string file in Directory.GetFiles(Model, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(Model, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    /// <summary>Case, exit code, and a pattern the error line must match ({dir} is this test's folder).</summary>
    public static TheoryData<string, int, string> Cases => new()
    {
        { "empty dataset folder", 1, @"\{dir}/empty" },
        { "missing model shard", 1, @"transformer/diffusion_pytorch_model\.safetensors" },
        { "truncated model shard", 1, @"\{dir}/model-copy/transformer/diffusion_pytorch_model\.safetensors" },
        { "full disk", 1, @"No space left on device.*\{dir}/full" },
        { "unwritable training_folder", 1, @"\{dir}/a-file/output" },
        { "resume after a rank change", 2, @"network\.linear: 8 → 16.*--restart" },
        { "resume after an lr change", 2, @"train\.lr: 0\.001 → 0\.002.*--restart" },
        { "unclosed flow list", 2, @"\{dir}/job\.yaml: line \d+, column \d+: .*unclosed '\['" },
        { "diverging run", 1, @"diverged at step \d+: " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnExpectedError_IsOneLineNamingItsSubject_WithItsExitCode(string name, int exitCode, string pattern)
    {
        string job = Write(Arrange(name));

        var result = Zsweep.Run("train", job);

        Assert.DoesNotContain("   at ", result.Output);
        string last = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.StartsWith("error: ", last);
        Assert.Matches(new Regex(pattern.Replace(@"\{dir}", Regex.Escape(_dir))), last);
        Assert.Equal(exitCode, result.ExitCode);
    }

    [Fact]
    public void Restart_TrainsAChangedJobFromStepZero()
    {
        TrainOnce(Working);

        var result = Zsweep.Run("train", Write(Working with { Lr = 2e-3 }), "--restart");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("resuming", result.Output);
        Assert.Contains("Done.", result.Output);
    }
}
