using TorchSharp;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Quantization;
using ZImageSweep.Engine.Training.Data;
using ZImageSweep.Engine.Training.Optimizers;
using ZImageSweep.Engine.Training.Validation;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Everything prepared before the first step: the adapter merged (and its cancelling copy for previews), the
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
    public LoraNetwork? InvertedAdapter { get; init; }
    public PreviewSampler? Preview { get; init; }
    public Float8Weights? QuantizedBase { get; init; }
    public CheckpointValidator? Validator { get; init; }

    public static TrainingSession Prepare(TrainerOptions options, ZImageModelSet models, ITrainingObserver observer)
    {
        var transformer = models.Transformer;
        foreach (var p in transformer.parameters()) p.requires_grad = false;
        transformer.GradientCheckpointing = options.GradientCheckpointing;
        transformer.train();

        LoraNetwork? inverted = null;
        if (models.TrainingAdapter is { } adapter)
        {
            // Merged once into the base (W += B·A), kept for every training forward, never saved (docs/training.md#training-adapter).
            LoraMerge.Apply(transformer, adapter, 1.0).Dispose();
            inverted = LoraNetwork.FromFile(transformer, adapter, multiplier: -1);
            inverted.Enabled = false; // on only while sampling previews
        }

        // Quantized after the adapter merge, as ai-toolkit does, so the merged weights are what gets rounded.
        Float8Weights? quantized = options.QuantizeBase ? Float8Weights.Apply(transformer) : null;
        if (quantized is not null) observer.Message($"base quantized to float8: {quantized.LayerCount} layers, {quantized.StoredBytes / (1L << 20):N0} MiB");

        var (examples, exampleDatasets, captions, heldOut) = BuildExamples(options, models, observer);
        ValidationInputs? validation = options.Validation is null ? null : ValidationInputs.Prepare(options, models.Vae, heldOut, observer.Message);
        if (options.LowVram && models.Vae.Device.type != DeviceType.CPU)
        {
            models.Vae.to(CPU); // latents are cached: the VAE is needed again only to decode previews
            observer.Message("low_vram: the VAE moved to the CPU after caching the latents");
        }
        var texts = captions.SelectMany(c => new[] { c.Normal, c.Dropout, c.Preservation }).OfType<string>();
        if (options.Sample is { } sample) texts = texts.Concat(PreviewSampler.Texts(sample, options.TriggerWord));
        if (validation is not null) texts = texts.Concat(validation.Texts);
        var embeddings = CaptionEmbeddings.Encode(models.EncodeTexts, texts);
        models.ReleaseTextEncoder?.Invoke();

        var lora = LoraNetwork.CreateTrainable(transformer, options.Rank, options.Targets, new Generator((ulong)options.Seed));
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
            InvertedAdapter = inverted,
            Preview = options.Sample is { } s ? new PreviewSampler(models, s, embeddings, options.OutputFolder) : null,
            QuantizedBase = quantized,
            Validator = validation is null ? null : new CheckpointValidator(validation, models, embeddings, options.OutputFolder, observer.Message),
        };
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
            var latents = new LatentCacheBuilder(models.Vae, latentGenerator, dataset.CacheLatentsToDisk, observer.Message)
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
        InvertedAdapter?.Dispose();
        QuantizedBase?.Dispose();
        Validator?.Dispose();
        Embeddings.Dispose();
        foreach (var latent in Examples.Distinct()) latent.Latent.Dispose();
    }
}
