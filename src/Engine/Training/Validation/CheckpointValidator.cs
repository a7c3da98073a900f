using ZImageSweep.Contracts.Artifacts;
using System.Diagnostics;
using System.Globalization;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>
/// The validation signals of a checkpoint (README "Validation signals"), computed right after it is saved: the
/// held-out loss in the training configuration (adapter on, user LoRA at weight 1), then — with the training
/// adapter cancelled, as previews see the model — the Turbo-drift score (only when the run trains through a training
/// adapter) and the trigger-leakage score, all of the weights the checkpoint saved (the EMA shadows when EMA is on).
/// Nothing here touches the training random streams or leaves the LoRA's values changed:
/// every random draw comes from the validation seed, and the model state is restored afterwards.
/// Every item behind the three means is written to <see cref="ValidationItems.PathFor"/> in the output folder, so arms
/// can later be compared item by item.
/// </summary>
public sealed class CheckpointValidator : IDisposable
{
    readonly ValidationInputs _inputs;
    readonly ZImageTransformer2DModel _transformer;
    readonly CaptionEmbeddings _embeddings;
    readonly Action<string> _report;
    readonly string _outputFolder;
    readonly HeldOutLoss? _loss;
    readonly TurboDrift? _drift;
    readonly TriggerLeakage? _leakage;

    /// <param name="outputFolder">The run's output folder; the items files go to its <c>validation/</c> folder.</param>
    public CheckpointValidator(ValidationInputs inputs, ZImageModelSet models, CaptionEmbeddings embeddings, string outputFolder, Action<string> report)
    {
        (_inputs, _transformer, _embeddings, _outputFolder, _report) = (inputs, models.Transformer, embeddings, outputFolder, report);
        ValidationOptions v = inputs.Options;
        var sampler = new ValidationSampler(models.Transformer, models.Shift, embeddings, v.Sampling, v.Seed);
        _loss = v.Loss ? new HeldOutLoss(inputs.HeldOut, v.Sigmas, v.Seed + 1) : null;
        _drift = v.TurboDrift && models.TrainingAdapter is not null ? new TurboDrift(sampler, inputs.DriftPrompts, v.DriftSteps) : null;
        _leakage = v.TriggerLeakage ? new TriggerLeakage(sampler, inputs.LeakagePrompts, v.Sampling.Steps) : null;
    }

    /// <param name="savedWeights">the values the checkpoint saved when they differ from the live ones (EMA shadows); they are scored instead.</param>
    public ValidationReport Validate(int step, LoraNetwork userLora, TrainingAdapterSwitch? adapter, IReadOnlyDictionary<string, Tensor>? savedWeights = null)
    {
        var clock = Stopwatch.StartNew();
        using var saved = savedWeights is null ? null : new SwappedWeights(userLora, savedWeights);
        IReadOnlyDictionary<string, double>? loss = null;
        if (_loss is not null)
        {
            using var training = new InferenceScope(_transformer, userLora, adapter, cancelAdapter: false);
            userLora.Enabled = true;
            userLora.Multiplier = 1;
            loss = Finite("loss", step, _loss.ComputeItems(_transformer, _embeddings));
        }
        IReadOnlyDictionary<string, double>? drift, leakage;
        using (new InferenceScope(_transformer, userLora, adapter, cancelAdapter: true))
        {
            drift = Finite("turbo drift", step, _drift?.ScoreItems(userLora));
            leakage = Finite("trigger leakage", step, _leakage?.ScoreItems(userLora));
        }
        string itemsPath = ValidationItems.PathFor(_outputFolder, step);
        new ValidationItems(step, loss ?? Empty, drift ?? Empty, leakage ?? Empty).Write(itemsPath);
        var report = new ValidationReport(step, Mean(loss), Mean(drift), Mean(leakage)) { ItemsPath = itemsPath };
        // The values go to the log too, so an arm's worker log shows them beside its training messages.
        _report($"validation at step {step}: loss {Text(report.ValidationLoss)}, turbo drift {Text(report.TurboDrift)}, trigger leakage {Text(report.TriggerLeakage)} ({clock.Elapsed.TotalSeconds:F2} s)");
        return report;
    }

    static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    static string Text(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "-";

    static double? Mean(IReadOnlyDictionary<string, double>? items) => items?.Values.Average();

    /// <summary>
    /// A diverged run (or a base whose 8 and 30 steps coincide) gives no number; the report says so instead of failing.
    /// One non-finite item drops the whole signal: its mean would be non-finite, and a comparison on the rest would not
    /// be on the same items as the other arms'.
    /// </summary>
    IReadOnlyDictionary<string, double>? Finite(string signal, int step, IReadOnlyDictionary<string, double>? items)
    {
        if (items is null || items.Values.All(double.IsFinite)) return items;
        _report($"validation {signal} at step {step} is {items.Values.Average()}; reported as missing");
        return null;
    }

    public void Dispose()
    {
        _loss?.Dispose();
        _leakage?.Dispose();
        _inputs.Dispose();
    }
}
