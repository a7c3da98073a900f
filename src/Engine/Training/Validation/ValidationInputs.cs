using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Training.Data;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>
/// What validation needs before the text encoder is released: the held-out images encoded once (the holdout and the
/// validation folder, bucketed at the validation resolution, VAE posterior samples drawn from the validation seed) and
/// the resolved drift and leakage prompts; <see cref="Texts"/> lists every text to encode with the training captions.
/// </summary>
public sealed class ValidationInputs : IDisposable
{
    public required ValidationOptions Options { get; init; }
    public required IReadOnlyList<HeldOutExample> HeldOut { get; init; }
    public required IReadOnlyList<string> DriftPrompts { get; init; }
    public required IReadOnlyList<string> LeakagePrompts { get; init; }

    public IEnumerable<string> Texts =>
        HeldOut.Select(e => e.Caption).Concat(DriftPrompts).Concat(LeakagePrompts).Append(Options.Sampling.Negative);

    public static ValidationInputs Prepare(TrainerOptions options, AutoencoderKL vae, IReadOnlyList<HeldOutImage> heldOut, Action<string> report)
    {
        ValidationOptions v = options.Validation ?? throw new ArgumentException("the trainer options have no validation block", nameof(options));
        // Each image with the caption it is scored with: held-out and folder captions as training captions are made,
        // ai-toolkit's items with their prompt, where only placeholders get the trigger.
        var images = heldOut.Select(h => Scored(h.Image, options.Datasets[h.Dataset].TriggerWord ?? options.TriggerWord)).ToList();
        if (v.FolderPath is string folder)
            images.AddRange(DatasetScanner.Scan(folder, v.CaptionExtension, defaultCaption: null).Select(i => Scored(i, options.TriggerWord)));
        images.AddRange(v.Items.Select(i => (new TrainingImage(i.ImagePath, i.Prompt), CaptionRules.ReplacePlaceholders(i.Prompt, options.TriggerWord))));
        var examples = v.Loss ? Encode(images.DistinctBy(i => i.Image.Path).ToList(), vae, v, report) : [];
        if (v.Loss) report($"validation: {examples.Count} held-out images at {v.Resolution} px, {v.Sigmas.Count} fixed timesteps");
        return new ValidationInputs
        {
            Options = v,
            HeldOut = examples,
            DriftPrompts = ValidationPrompts.ForDrift(v, options.Sample, options.TriggerWord),
            LeakagePrompts = ValidationPrompts.ForLeakage(v, options.Sample, options.TriggerWord),
        };
    }

    static (TrainingImage Image, string Caption) Scored(TrainingImage image, string? trigger) =>
        (image, CaptionRules.ForTraining(image.Caption, trigger, dropped: false));

    static List<HeldOutExample> Encode(IReadOnlyList<(TrainingImage Image, string Caption)> images, AutoencoderKL vae, ValidationOptions v, Action<string> report)
    {
        var captions = images.ToDictionary(i => i.Image.Path, i => i.Caption);
        using var generator = new Generator(unchecked((ulong)v.Seed));
        return new LatentCacheBuilder(vae, generator, toDisk: false, report)
            .Build(images.Select(i => i.Image).ToList(), [v.Resolution], flipX: false)
            .Select(l => new HeldOutExample(l.ImagePath, captions[l.ImagePath], l.Latent))
            .ToList();
    }

    public void Dispose()
    {
        foreach (HeldOutExample example in HeldOut) example.Latent.Dispose();
    }
}
