using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Hub;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Engine.Training.Packing;
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
        using var locator = ModelLocator.FromEnvironment();
        using var pipeline = LoadPipeline(job, locator, downloads, out ComputeTarget target);
        using ZImageLora? adapter = ReadAdapter(job, locator, downloads);
        ModelConfig model = job.Process.Model;
        observer.Message($"model {model.NameOrPath} on {target}{(adapter is null ? "" : $", training adapter {Path.GetFileName(adapter.Path)} (rank {adapter.Pairs.Values.Max(p => p.Rank)})")}");
        return new ZImageTrainer(JobTrainerOptions.From(job), ZImageModelSet.From(pipeline, adapter), observer, control).Run();
    }

    /// <summary>
    /// Several jobs on one loaded base (Training/Packing, issue 18): at most <paramref name="capacity"/> train at once,
    /// the rest join as arms leave. Every job must name the first job's model files, device and dtype; that is checked
    /// before anything loads.
    /// </summary>
    /// <exception cref="PackCompatibilityException">a job names another base than the first.</exception>
    public static IReadOnlyList<PackedArmOutcome> RunPack(IReadOnlyList<(JobConfig Job, ITrainingObserver Observer, TrainingControl Control)> arms, int capacity, IProgress<DownloadProgress>? downloads = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(arms.Count);
        JobConfig first = arms[0].Job;
        foreach (var (job, _, _) in arms.Skip(1)) CheckSameBase(first, job);
        LibTorchLoader.EnsureLoaded();
        using var locator = ModelLocator.FromEnvironment();
        using var pipeline = LoadPipeline(first, locator, downloads, out ComputeTarget target);
        arms[0].Observer.Message($"model {first.Process.Model.NameOrPath} on {target}, shared by {arms.Count} arms, {capacity} at a time");
        var adapters = new List<ZImageLora?>();
        try
        {
            foreach (var (job, _, _) in arms) adapters.Add(ReadAdapter(job, locator, downloads));
            var packed = arms.Select((arm, i) => new PackedArm(JobTrainerOptions.From(arm.Job), adapters[i], arm.Observer, arm.Control)).ToList();
            return new PackedZImageTrainer(ZImageModelSet.From(pipeline, null), packed, capacity).Run();
        }
        finally
        {
            foreach (ZImageLora? adapter in adapters) adapter?.Dispose();
        }
    }

    static void CheckSameBase(JobConfig first, JobConfig job)
    {
        var (a, b) = (first.Process, job.Process);
        Same("model.name_or_path", a.Model.NameOrPath, b.Model.NameOrPath);
        Same("model.extras_name_or_path", Extras(a.Model), Extras(b.Model));
        Same("device", a.Device, b.Device);
        Same("train.dtype", a.Train.DType.ToString(), b.Train.DType.ToString());

        void Same(string key, string? pack, string? value)
        {
            if (pack != value) throw new PackCompatibilityException(job.Name, key, $"'{value}' differs from the pack's '{pack}': arms of a pack share one base");
        }
    }

    static ZImagePipeline LoadPipeline(JobConfig job, ModelLocator locator, IProgress<DownloadProgress>? downloads, out ComputeTarget target)
    {
        ModelConfig model = job.Process.Model;
        target = ComputeTarget.Parse(job.Process.Device, job.Process.Train.DType == TrainDType.BFloat16 ? "bf16" : "fp32");
        return ZImagePipeline.Load(new ZImagePipelineOptions
        {
            Model = model.NameOrPath,
            Extras = Extras(model),
            Target = target,
        }, locator, downloads);
    }

    /// <summary>Where tokenizer, text encoder and VAE come from when not from the model itself; null when they do.</summary>
    static string? Extras(ModelConfig model) =>
        string.IsNullOrEmpty(model.ExtrasNameOrPath) || model.ExtrasNameOrPath == model.NameOrPath ? null : model.ExtrasNameOrPath;

    static ZImageLora? ReadAdapter(JobConfig job, ModelLocator locator, IProgress<DownloadProgress>? downloads) =>
        job.Process.Model.AssistantLoraPath is string path ? ZImageLora.Read(locator.Resolve(path, downloads)) : null;
}
