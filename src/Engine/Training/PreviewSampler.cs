using System.Globalization;
using System.Text.Json;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Sampling;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Preview images during training (docs/training.md#sampling): each prompt is sampled with the user LoRA at its network
/// multiplier (or at each weight of <c>sample.network_multipliers</c>) and the training adapter cancelled
/// (<see cref="TrainingAdapterSwitch"/>), so a preview shows what a user of the saved LoRA gets. Files go to
/// <c>samples/&lt;ms&gt;__&lt;step:09d&gt;_&lt;i&gt;.&lt;ext&gt;</c> (ai-toolkit's names; <c>_w&lt;weight&gt;</c> added with a weight list),
/// and one JSON line per image to <c>samples/index.jsonl</c> (step, prompt index, prompt, seed, path, LoRA weight).
/// Sampling uses its own seeded generators, so it never disturbs the training random streams.
/// </summary>
public sealed class PreviewSampler(ZImageModelSet models, SampleOptions options, CaptionEmbeddings embeddings, string outputFolder)
{
    public string Folder { get; } = TrainingOutput.SamplesFolderOf(outputFolder);

    /// <summary>Every text this sampler will need encoded (prompts after placeholder replacement, and negatives).</summary>
    public static IEnumerable<string> Texts(SampleOptions options, string? trigger) =>
        options.Prompts.SelectMany(p => new[] { Prompt(p, trigger), p.Negative ?? options.Negative });

    static string Prompt(SamplePrompt p, string? trigger) => Data.CaptionRules.ReplacePlaceholders(p.Prompt, trigger);

    public IReadOnlyList<SampleImage> Run(int step, LoraNetwork userLora, TrainingAdapterSwitch? adapter, string? trigger)
    {
        Directory.CreateDirectory(Folder);
        var sampler = new ZImageSampler(models.Transformer);
        var images = new List<SampleImage>();
        using (new InferenceScope(models.Transformer, userLora, adapter, cancelAdapter: true))
        {
            for (int i = 0; i < options.Prompts.Count; i++)
            {
                SamplePrompt prompt = options.Prompts[i];
                string text = Prompt(prompt, trigger);
                long seed = prompt.Seed ?? options.Seed + (options.WalkSeed ? i : 0);
                foreach (double weight in Weights(prompt))
                {
                    userLora.Multiplier = weight;
                    using var scope = NewDisposeScope();
                    using var _ = no_grad();
                    Tensor latents = sampler.Sample(new ZImageSampleRequest
                    {
                        CapPos = embeddings[text],
                        CapNeg = embeddings[prompt.Negative ?? options.Negative],
                        Width = prompt.Width ?? options.Width,
                        Height = prompt.Height ?? options.Height,
                        Steps = prompt.Steps ?? options.Steps,
                        Guidance = prompt.Guidance ?? options.Guidance,
                        Shift = models.Shift,
                        Seed = seed,
                    });
                    Tensor image = models.Vae.DecodeLatentsToImage(latents.to(models.Vae.Device))[0];  // (3, H, W) in [0, 1]
                    string path = Path.Combine(Folder, FileName(step, i, weight));
                    ImageFile.Save(image.cpu(), path);
                    images.Add(new SampleImage(step, i, text, seed, path, weight));
                }
            }
        }
        WriteIndexRows(step, images);
        return images;
    }

    /// <summary><c>sample.network_multipliers</c> samples every prompt at each listed weight, at the same seed.</summary>
    IReadOnlyList<double> Weights(SamplePrompt prompt) =>
        options.NetworkMultipliers is { Count: > 0 } weights ? weights : [prompt.NetworkMultiplier ?? options.NetworkMultiplier];

    /// <summary>ai-toolkit's <c>&lt;ms&gt;__&lt;step:09d&gt;_&lt;i&gt;</c>; with a weight list, <c>_w&lt;weight&gt;</c> keeps the weights apart.</summary>
    string FileName(int step, int promptIndex, double weight)
    {
        string suffix = options.NetworkMultipliers is { Count: > 0 } ? $"_w{weight.ToString("0.###", CultureInfo.InvariantCulture)}" : "";
        return $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}__{step:D9}_{promptIndex}{suffix}.{options.Format}";
    }

    /// <summary>
    /// Adds this step's rows to the index, replacing any rows of the same step: a resumed run redoes the steps after
    /// its checkpoint, and the redone previews are the ones that belong to the run.
    /// </summary>
    void WriteIndexRows(int step, IReadOnlyList<SampleImage> images)
    {
        string index = Path.Combine(Folder, SampleIndex.FileName);
        var kept = File.Exists(index) ? File.ReadLines(index).Where(line => SampleIndex.StepOf(line) is int s && s != step).ToList() : [];
        string lines = string.Concat(kept.Select(line => line + "\n")) + string.Concat(images.Select(i => JsonSerializer.Serialize(new
        {
            step = i.Step, prompt_index = i.PromptIndex, prompt = i.Prompt, seed = i.Seed, path = Path.GetFileName(i.Path), lora_weight = i.LoraWeight,
        }) + "\n"));
        AtomicFile.WriteAllText(index, lines);
    }
}
