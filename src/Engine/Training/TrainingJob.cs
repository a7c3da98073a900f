using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Hub;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// One ai-toolkit job file, end to end: parse and validate it (every error at once, naming the key, before any work),
/// load the model it names (Hub names through the cache, local folders and single files), load the training
/// adapter if it names one, and train. Used by <c>zsweep train</c> and by the sweep's worker processes.
/// </summary>
public static class TrainingJob
{
    /// <exception cref="JobConfigException">the job file has unknown keys, wrong types, bad values or missing paths.</exception>
    public static JobConfig Load(string path)
    {
        JobConfig job = JobDocument.Load(path).Bind();
        job.Validate(new LocalFileSystemChecks(Directory.GetCurrentDirectory()));
        return job;
    }

    /// <summary>Starts the job over: deletes its step checkpoints, so the next <see cref="Run"/> trains from step 0.</summary>
    public static void DiscardCheckpoints(JobConfig job) => CheckpointStore.For(JobTrainerOptions.From(job)).DeleteAll();

    /// <returns>The final LoRA path, or null when the run was stopped before its last step.</returns>
    public static string? Run(JobConfig job, ITrainingObserver observer, TrainingControl control, IProgress<DownloadProgress>? downloads = null)
    {
        LibTorchLoader.EnsureLoaded(); // the device and dtype below already call into libtorch (the host's PyTorch in an external build)
        TrainerOptions options = JobTrainerOptions.From(job);
        ModelConfig model = job.Process.Model;
        var target = ComputeTarget.Parse(job.Process.Device, job.Process.Train.DType == TrainDType.BFloat16 ? "bf16" : "fp32");
        using var locator = ModelLocator.FromEnvironment();
        using var pipeline = ZImagePipeline.Load(new ZImagePipelineOptions
        {
            Model = model.NameOrPath,
            Extras = string.IsNullOrEmpty(model.ExtrasNameOrPath) || model.ExtrasNameOrPath == model.NameOrPath ? null : model.ExtrasNameOrPath,
            Target = target,
        }, locator, downloads);
        using ZImageLora? adapter = model.AssistantLoraPath is string adapterPath ? ZImageLora.Read(locator.Resolve(adapterPath, downloads)) : null;
        observer.Message($"model {model.NameOrPath} on {target}{(adapter is null ? "" : $", training adapter {Path.GetFileName(adapter.Path)} (rank {adapter.Pairs.Values.Max(p => p.Rank)})")}");
        return new ZImageTrainer(options, ZImageModelSet.From(pipeline, adapter), observer, control).Run();
    }
}
