using ZImageSweep.Contracts.Packing;
using System.Diagnostics;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Hub;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training;

namespace ZImageSweep.Engine.Worker;

/// <summary>
/// The base a slot worker keeps loaded between arms (issue 18): transformer (frozen, float8 and layer-offloaded when the key asks),
/// text encoder and VAE, and the encodings of earlier arms (<see cref="EncodingReuse"/>), all for one
/// <see cref="BaseKey"/>. An arm with the same key trains on it without a reload; another key replaces it once no arm
/// trains.
/// </summary>
public sealed class ResidentBase : IDisposable
{
    readonly ModelLocator _locator;
    readonly ZImagePipeline _pipeline;
    readonly HostLoadedBase? _prepared;

    ResidentBase(BaseKey key, ModelLocator locator, ZImagePipeline pipeline, HostLoadedBase? prepared)
    {
        (Key, _locator, _pipeline, _prepared) = (key, locator, pipeline, prepared);
        Models = EncodingReuse.Over(ZImageModelSet.From(pipeline, trainingAdapter: null));
    }

    public BaseKey Key { get; }

    /// <summary>The loaded components, with text encoding and latent caching going through the kept encodings.</summary>
    public ZImageModelSet Models { get; }

    /// <summary>Loads the base of <paramref name="job"/>, frozen and quantised as it asks, before any arm's adapter or LoRA is attached.</summary>
    public static ResidentBase Load(JobConfig job, Action<string> log)
    {
        LibTorchLoader.EnsureLoaded();
        BaseKey key = BaseKey.Of(job.Process);
        var clock = Stopwatch.StartNew();
        var locator = ModelLocator.FromEnvironment();
        ZImagePipeline? pipeline = null;
        try
        {
            TrainerOptions options = JobTrainerOptions.From(job);
            pipeline = TrainingJob.LoadPipeline(key, options, locator, log);
            TrainingSession.FreezeBase(pipeline.Transformer, options.GradientCheckpointing);
            // Prepared before any arm encodes its captions, which loads the text encoder (the device never holds both).
            HostLoadedBase? prepared = TrainingSession.PrepareBase(options, pipeline.Transformer, mergeInto: null, log);
            log($"base loaded: {key.NameOrPath} on {key.Target()} in {clock.Elapsed.TotalSeconds:F1} s");
            return new ResidentBase(key, locator, pipeline, prepared);
        }
        catch
        {
            pipeline?.Dispose();
            locator.Dispose();
            throw;
        }
    }

    /// <summary>The job's training adapter, resolved as the base's files were; the caller disposes it.</summary>
    public ZImageLora? ReadAdapter(JobConfig job) => TrainingJob.ReadAdapter(job, _locator, downloads: null);

    public void Dispose()
    {
        Models.Reuse?.Dispose();
        _prepared?.Dispose(); // block by block, within the memory the load needed
        _pipeline.Dispose();
        _locator.Dispose();
    }
}
