using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Training.Data;
using ZImageSweep.Engine.Training.Optimizers;
using ZImageSweep.Engine.Training.Validation;
using static TorchSharp.torch;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Everything prepared before the first step: the training adapter (<see cref="TrainingAdapterSwitch"/>), the
/// examples as cached latents with their caption variants, every text encoded once, the batch plan, the trainable
/// LoRA, its optimizer and EMA, the preview sampler and the checkpoint validator (with its held-out images taken out
/// of the training examples).
/// </summary>
public sealed class TrainingSession : IDisposable
{
    public required IReadOnlyList<CachedLatent> Examples { get; init; }
    /// <summary>The index in <see cref="TrainerOptions.Datasets"/> of each example.</summary>
    public required IReadOnlyList<int> ExampleDatasets { get; init; }
    public required IReadOnlyList<ExampleCaption> Captions { get; init; }
    public required CaptionEmbeddings Embeddings { get; init; }
    public required BatchPlanner Planner { get; init; }
    public required LoraNetwork Lora { get; init; }
    public required ITrainingOptimizer Optimizer { get; init; }
    public EmaTracker? Ema { get; init; }
    public TrainingAdapterSwitch? Adapter { get; init; }
    public PreviewSampler? Preview { get; init; }
    /// <summary>The float8 weights and layer offloading of a base this arm prepared (<see cref="PrepareBase"/>); null when it asked for neither or trains on a shared base.</summary>
    public HostLoadedBase? PreparedBase { get; init; }
    public CheckpointValidator? Validator { get; init; }

    /// <summary>An arm training alone: the adapter merged into the base, then the base quantized, then the arm.</summary>
    public static TrainingSession Prepare(TrainerOptions options, ZImageModelSet models, ITrainingObserver observer)
    {
        FreezeBase(models.Transformer, options.GradientCheckpointing);
        ZImageLora? file = models.TrainingAdapter;
        // Merged once into the base (W += B·A), kept for every training forward, never saved (docs/training.md#training-adapter);
        // merged before quantisation, as ai-toolkit does, so the merged weights are what gets rounded.
        HostLoadedBase? prepared = PrepareBase(options, models.Transformer,
            file is null ? null : within => TrainingAdapterSwitch.MergeWeights(models.Transformer, file, within), observer.Message);
        TrainingAdapterSwitch? adapter = file is null ? null : TrainingAdapterSwitch.Merged(models.Transformer, file);
        TrainingSession session = PrepareArm(options, models, observer, adapter, prepared);
        ReleaseCachingModels(options, models, observer.Message);
        return session;
    }

    /// <summary>The base frozen, in train mode, with the run's gradient checkpointing.</summary>
    public static void FreezeBase(ZImageTransformer2DModel transformer, bool gradientCheckpointing)
    {
        foreach (var p in transformer.parameters()) p.requires_grad = false;
        transformer.GradientCheckpointing = gradientCheckpointing;
        transformer.train();
    }

    /// <summary>
    /// The frozen base made ready as the job asks (<see cref="BaseLoadPlan"/>): with float8 or layer offloading, block
    /// by block from host memory (<see cref="TransformerHostLoad"/>), so a 12–16 GB card can load it; otherwise on the
    /// device as built. <paramref name="mergeInto"/> gets the layers before they are quantized (null: every layer).
    /// Offloading comes after quantisation, so that a float8 base offloads its codes (half the bytes of bf16).
    /// </summary>
    /// <returns>null when the job asks for neither float8 nor offloading; disposing it undoes the preparation block by block.</returns>
    public static HostLoadedBase? PrepareBase(TrainerOptions options, ZImageTransformer2DModel transformer,
        Action<IReadOnlyCollection<Linear>?>? mergeInto, Action<string> log)
    {
        BaseLoadPlan plan = BaseLoadPlan.For(transformer.BlockCount, options.QuantizeBase, options.TransformerOffloadShare);
        if (!plan.ViaHost)
        {
            if (transformer.BlockStacks[^1][^1].parameters().First().device_type != transformer.Device.type)
                throw new InvalidOperationException("the transformer's blocks are in host memory, but the job asks for neither float8 nor layer offloading to prepare them");
            mergeInto?.Invoke(null);
            return null;
        }
        HostLoadedBase prepared = TransformerHostLoad.Prepare(transformer, plan, mergeInto);
        log(plan.Describe());
        if (prepared.Quantized is { } quantized) log($"base quantized to float8: {quantized.LayerCount} layers, {quantized.StoredBytes / (1L << 20):N0} MiB");
        if (prepared.Offloading is { } offloading) log(TransformerOffloading.Describe(offloading));
        return prepared;
    }

    /// <summary>
    /// One arm on a prepared base: its examples, cached latents and encoded texts, its trainable LoRA (created after
    /// <paramref name="adapter"/>, so its hooks run after the adapter's), optimizer, EMA, previews and validator.
    /// The text encoder and the VAE stay where they are (<see cref="ReleaseCachingModels"/> once every arm is prepared).
    /// </summary>
    public static TrainingSession PrepareArm(TrainerOptions options, ZImageModelSet models, ITrainingObserver observer, TrainingAdapterSwitch? adapter, HostLoadedBase? preparedBase)
    {
        var (examples, exampleDatasets, captions, heldOut) = BuildExamples(options, models, observer);
        ValidationInputs? validation = options.Validation is null ? null : ValidationInputs.Prepare(options, models.Vae, heldOut, observer.Message);
        var texts = captions.SelectMany(c => new[] { c.Normal, c.Dropout, c.Preservation }).OfType<string>();
        if (options.Sample is { } sample) texts = texts.Concat(PreviewSampler.Texts(sample, options.TriggerWord));
        if (validation is not null) texts = texts.Concat(validation.Texts);
        var embeddings = CaptionEmbeddings.Encode(models.EncodeTexts, texts);
        if (models.Reuse is { } reuse) observer.Message(reuse.TakeReport());

        var lora = LoraNetwork.CreateTrainable(models.Transformer, options.Rank, options.Targets, new Generator((ulong)options.Seed));
        var parameters = lora.Parameters();
        ITrainingOptimizer optimizer = options.Optimizer == OptimizerKind.AdamW8Bit
            ? new AdamW8bit(parameters, options.OptimizerHyper)
            : new Optimizers.AdamW(parameters, options.OptimizerHyper);
        return new TrainingSession
        {
            Examples = examples,
            ExampleDatasets = exampleDatasets,
            Captions = captions,
            Embeddings = embeddings,
            Planner = new BatchPlanner(examples, i => exampleDatasets[i], options.Datasets.Select(d => d.BatchSize ?? options.BatchSize).ToList(), numRepeats: 1, options.Seed),
            Lora = lora,
            Optimizer = optimizer,
            Ema = options.EmaDecay is double decay ? new EmaTracker(parameters, decay) : null,
            Adapter = adapter,
            Preview = options.Sample is { } s ? new PreviewSampler(models, s, embeddings, options.OutputFolder) : null,
            PreparedBase = preparedBase,
            Validator = validation is null ? null : new CheckpointValidator(validation, models, embeddings, options.OutputFolder, observer.Message),
        };
    }

    /// <summary>Once every text is encoded and every latent cached: the text encoder freed, and with low_vram the VAE moved to the CPU.</summary>
    public static void ReleaseCachingModels(TrainerOptions options, ZImageModelSet models, Action<string> log)
    {
        if (options.LowVram && models.Vae.Device.type != DeviceType.CPU)
        {
            models.Vae.MoveTo(CPU); // latents are cached: the VAE is needed again only to decode previews
            log("low_vram: the VAE moved to the CPU after caching the latents");
        }
        models.ReleaseTextEncoder?.Invoke();
    }

    static (List<CachedLatent>, List<int>, List<ExampleCaption>, IReadOnlyList<HeldOutImage>) BuildExamples(TrainerOptions options, ZImageModelSet models, ITrainingObserver observer)
    {
        if (options.DiffOutputPreservation is not null && options.Datasets.Any(d => string.IsNullOrEmpty(d.TriggerWord ?? options.TriggerWord)))
            throw new ArgumentException("diff_output_preservation needs a trigger word (trigger_word) for every dataset: the DOP caption replaces it by the class word");
        var examples = new List<CachedLatent>();
        var exampleDatasets = new List<int>();
        var captions = new List<ExampleCaption>();
        var latentGenerator = new Generator((ulong)options.Seed + 10); // the cached VAE posterior samples
        var scanned = options.Datasets.Select(d => DatasetScanner.Scan(d.FolderPath, d.CaptionExtension, d.DefaultCaption)).ToList();
        var (training, heldOut) = HoldoutSplit.Apply(scanned, options.Validation?.Holdout ?? 0, options.Validation?.Seed ?? 0);
        foreach (var (index, (dataset, images)) in options.Datasets.Zip(training).Index())
        {
            string? trigger = dataset.TriggerWord ?? options.TriggerWord;
            var latents = new LatentCacheBuilder(models.Vae, latentGenerator, dataset.CacheLatentsToDisk, observer.Message, models.Reuse?.Latents)
                .Build(images, dataset.ResolutionList, dataset.FlipX, dataset.FlipY);
            foreach (CachedLatent latent in latents)
            {
                // unload_text_encoder trains every image on the trigger alone, as ai-toolkit does (docs/training.md#captions).
                string normal = CaptionRules.ForTraining(latent.Caption, trigger, dropped: options.TrainOnTriggerOnly);
                string? preservation = options.DiffOutputPreservation is { } dop
                    ? CaptionRules.ForPreservation(normal, trigger!, dop.ClassWord)
                    : null;
                var caption = new ExampleCaption(normal, CaptionRules.ForTraining(latent.Caption, trigger, dropped: true), dataset.CaptionDropoutRate, preservation);
                for (int r = 0; r < dataset.NumRepeats; r++)
                {
                    examples.Add(latent);
                    exampleDatasets.Add(index);
                    captions.Add(caption);
                }
            }
            observer.Message($"dataset {dataset.FolderPath}: {images.Count} images, {latents.Count} latents × {dataset.NumRepeats} repeats");
        }
        return (examples, exampleDatasets, captions, heldOut);
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Ema?.Dispose();
        Lora.Dispose();
        Adapter?.Dispose();
        PreparedBase?.Dispose();
        Validator?.Dispose();
        Embeddings.Dispose();
        foreach (var latent in Examples.Distinct()) latent.Latent.Dispose();
    }
}
