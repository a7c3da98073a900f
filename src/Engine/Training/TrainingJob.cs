using ZImageSweep.Contracts.Packing;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Hub;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// One ai-toolkit job file, end to end: parse and validate it (every error at once, naming the key, before any work),
/// load the model it names (Hub names through the cache, local folders and single files), load the training
/// adapter if it names one, and train. Used by <c>zsweep train</c>; the sweep's slot worker (Worker/SlotWorker) keeps the base loaded between its arms.
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
        BaseKey key = BaseKey.Of(job.Process);
        TrainerOptions options = JobTrainerOptions.From(job);
        using var pipeline = LoadPipeline(key, options, locator, observer.Message, downloads);
        using ZImageLora? adapter = ReadAdapter(job, locator, downloads);
        ModelConfig model = job.Process.Model;
        observer.Message($"model {model.NameOrPath} on {key.Target()}{(adapter is null ? "" : $", training adapter {Path.GetFileName(adapter.Path)} (rank {adapter.Pairs.Values.Max(p => p.Rank)})")}");
        return new ZImageTrainer(options, ZImageModelSet.From(pipeline, adapter), observer, control).Run();
    }

    /// <summary>
    /// Loads the base the job names (<see cref="BaseKey"/>): Hub names through the cache, local folders and single files.
    /// With float8 or layer offloading the transformer's blocks stay in host memory for TrainingSession.PrepareBase; the
    /// text encoder is layer-offloaded as the job asks and reports how it loaded to <paramref name="log"/>.
    /// </summary>
    public static ZImagePipeline LoadPipeline(BaseKey key, TrainerOptions options, ModelLocator locator, Action<string> log,
        IProgress<DownloadProgress>? downloads = null) =>
        ZImagePipeline.Load(PipelineOptions(key, options, log), locator, downloads);

    /// <summary>The pipeline options of <see cref="LoadPipeline"/>.</summary>
    public static ZImagePipelineOptions PipelineOptions(BaseKey key, TrainerOptions options, Action<string> log) => key.PipelineOptions() with
    {
        TransformerBlocksOnHost = BaseLoadPlan.LoadsViaHost(options.QuantizeBase, options.TransformerOffloadShare),
        TextEncoderOffloadShare = options.TextEncoderOffloadShare,
        Log = log,
    };

    /// <summary>The job's training adapter (model.assistant_lora_path), or null when it names none.</summary>
    public static ZImageLora? ReadAdapter(JobConfig job, ModelLocator locator, IProgress<DownloadProgress>? downloads) =>
        job.Process.Model.AssistantLoraPath is string path ? ZImageLora.Read(locator.Resolve(path, downloads)) : null;
}
