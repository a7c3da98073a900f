using System.Diagnostics;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.TinyModels;
using static TorchSharp.torch;

namespace ZImageSweep.Client.Tests.Commands.Worker;

/// <summary>
/// A tiny model, a two-image dataset and two arms' jobs over them (A and B differ in seed, learning rate and rank; 4
/// steps, a checkpoint every 2, float32 files), plus each arm trained alone by <c>zsweep train</c>: the reference a
/// worker's arm is compared with. Each test writes its jobs' output to a folder of its own.
/// </summary>
public sealed class WorkerJobs : IDisposable
{
    public const int Steps = 4;
    readonly Dictionary<string, Task<string>> _solo = [];

    public WorkerJobs()
    {
        LibTorchLoader.EnsureLoaded();
        TinyModelWriter.Write(Model, seed: 0);
        TinyModelWriter.Write(OtherModel, seed: 1);
        RandomImageDataset.Write(Dataset);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("zsweep-worker-").FullName;
    public string Model => Path.Combine(Root, "model");
    /// <summary>Another base: the same tiny architecture with other weights.</summary>
    public string OtherModel => Path.Combine(Root, "other-model");
    string Dataset => Path.Combine(Root, "dataset");

    /// <summary>Arm A or B's job under <paramref name="folder"/>; steps, dtype and model vary it where a test needs a long arm or one on another base.</summary>
    /// <param name="modelKeys">more keys of the job's model map, each with a leading comma (", quantize: true").</param>
    public string Job(string arm, string folder, int steps = Steps, int saveEvery = 2, string dtype = "fp32", string? model = null, string modelKeys = "")
    {
        var (seed, lr, rank) = arm == "A" ? (1, "1e-3", 4) : (2, "2e-3", 2);
        string training = Path.Combine(Root, folder);
        Directory.CreateDirectory(training);
        string path = Path.Combine(training, $"{arm}.yaml");
        File.WriteAllText(path, $"""
            job: extension
            config:
              name: arm{arm}
              process:
                - type: diffusion_trainer
                  training_folder: '{training}'
                  device: cpu
                  training_seed: {seed}
                  model: {"{"} arch: "zimage:turbo", name_or_path: '{model ?? Model}'{modelKeys} {"}"}
                  network: {"{"} type: lora, linear: {rank}, linear_alpha: {rank} {"}"}
                  save: {"{"} dtype: fp32, save_every: {saveEvery} {"}"}
                  train: {"{"} steps: {steps}, lr: {lr}, optimizer: adamw, gradient_checkpointing: false, dtype: {dtype} {"}"}
                  datasets:
                    - {"{"} folder_path: '{Dataset}', resolution: [64] {"}"}
            """);
        return path;
    }

    /// <summary>The final LoRA of the arm trained alone by <c>zsweep train</c> (once per arm for all tests).</summary>
    public Task<string> Solo(string arm)
    {
        lock (_solo)
        {
            if (!_solo.TryGetValue(arm, out var solo)) _solo[arm] = solo = TrainAlone(arm, "solo");
            return solo;
        }
    }

    /// <summary>The final LoRA of arm A or B's job under <paramref name="folder"/> trained by <c>zsweep train</c>.</summary>
    public Task<string> TrainAlone(string arm, string folder, string modelKeys = "") =>
        Train(Job(arm, folder, modelKeys: modelKeys), Output(arm, folder).FinalLoraPath);

    /// <summary>Where arm A or B's job under <paramref name="folder"/> writes (ai-toolkit's training_folder/name).</summary>
    public TrainingOutput Output(string arm, string folder) => new(Path.Combine(Root, folder, $"arm{arm}"), $"arm{arm}");

    static async Task<string> Train(string job, string final)
    {
        using var process = Process.Start(WorkerProcess.Cli("train", job))!;
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync(), errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"zsweep train {job} exited {process.ExitCode}:\n{await output}\n{await errors}");
        return final;
    }

    public static Dictionary<string, Tensor> Read(string lora)
    {
        using var file = SafeTensorsFile.Open(lora);
        return file.Keys.ToDictionary(k => k, k => file.Read(k));
    }

    /// <summary>‖actual − expected‖ / ‖expected‖ over every tensor of two LoRA files with the same keys.</summary>
    public static double RelativeL2(string expected, string actual)
    {
        var e = Read(expected);
        var a = Read(actual);
        Assert.Equal(e.Keys.Order(), a.Keys.Order());
        double difference = e.Sum(p => (p.Value - a[p.Key]).Squared().sum().item<float>());
        double norm = e.Sum(p => p.Value.Squared().sum().item<float>());
        return Math.Sqrt(difference / norm);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
