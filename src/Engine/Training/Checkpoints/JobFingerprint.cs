using System.Globalization;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>
/// The job keys that decide a run's trajectory, by key path and canonical value, recorded with every checkpoint so a
/// resume continues only the run it was made by. Left out on purpose, because changing them between runs is safe:
/// <c>train.steps</c> (train longer or stop earlier; a decaying <c>lr_scheduler</c> then follows the new length for
/// the remaining steps), <c>save</c>, <c>sample</c>, <c>logging</c>, <c>validation</c> scoring (not its <c>holdout</c>), <c>device</c>,
/// <c>low_vram</c>, <c>gradient_checkpointing</c> and <c>meta</c> (where and how the same steps run, not which).
/// </summary>
public static class JobFingerprint
{
    public static IReadOnlyDictionary<string, string> Of(JobConfig job)
    {
        ProcessConfig p = job.Process;
        TrainConfig t = p.Train;
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["model.arch"] = ConfigEnum.Name(p.Model.Arch),
            ["model.name_or_path"] = p.Model.NameOrPath,
            ["model.extras_name_or_path"] = p.Model.ExtrasNameOrPath,
            ["model.assistant_lora_path"] = p.Model.AssistantLoraPath ?? "",
            ["model.quantize"] = Text(p.Model.Quantize),
            ["model.qtype"] = ConfigEnum.Name(p.Model.QType),
            ["network.type"] = ConfigEnum.Name(p.Network.Type),
            ["network.linear"] = Text(p.Network.Linear),
            ["network.linear_alpha"] = Text(p.Network.LinearAlpha),
            ["network.only_if_contains"] = Text(p.Network.OnlyIfContains),
            ["network.ignore_if_contains"] = Text(p.Network.IgnoreIfContains),
            ["train.batch_size"] = Text(t.BatchSize),
            ["train.gradient_accumulation"] = Text(t.GradientAccumulation),
            ["train.lr"] = Text(t.Lr),
            ["train.optimizer"] = ConfigEnum.Name(t.Optimizer),
            ["train.optimizer_params.weight_decay"] = t.WeightDecay is double wd ? Text(wd) : "",
            ["train.lr_scheduler"] = ConfigEnum.Name(t.LrScheduler),
            ["train.lr_warmup_steps"] = Text(t.LrWarmupSteps),
            ["train.max_grad_norm"] = Text(t.MaxGradNorm),
            ["train.dtype"] = ConfigEnum.Name(t.DType),
            ["train.timestep_type"] = ConfigEnum.Name(t.TimestepType),
            ["train.content_or_style"] = ConfigEnum.Name(t.ContentOrStyle),
            ["train.loss_type"] = ConfigEnum.Name(t.LossType),
            ["train.ema_config.use_ema"] = Text(t.Ema.UseEma),
            ["train.ema_config.ema_decay"] = Text(t.Ema.EmaDecay),
            ["train.unload_text_encoder"] = Text(t.UnloadTextEncoder),
            ["train.diff_output_preservation"] = Text(t.DiffOutputPreservation),
            ["train.diff_output_preservation_multiplier"] = Text(t.DiffOutputPreservationMultiplier),
            ["train.diff_output_preservation_class"] = t.DiffOutputPreservationClass,
            ["train.do_differential_guidance"] = Text(t.DoDifferentialGuidance),
            ["train.differential_guidance_scale"] = Text(t.DifferentialGuidanceScale),
            ["training_seed"] = p.TrainingSeed is long seed ? Text(seed) : "",
            ["trigger_word"] = p.TriggerWord ?? "",
            ["datasets"] = Text(p.Datasets.Count),
            // The held-out images are taken out of training, so which ones (holdout count and seed) shapes the run.
            ["validation.holdout"] = Text(p.Validation?.Holdout ?? 0),
            ["validation.seed"] = p.Validation is { Holdout: > 0 } v ? Text(v.Seed) : "",
        };
        for (int i = 0; i < p.Datasets.Count; i++)
        {
            DatasetConfig d = p.Datasets[i];
            string at = $"datasets[{i}].";
            keys[at + "folder_path"] = Path.GetFullPath(d.FolderPath);
            keys[at + "caption_ext"] = d.CaptionExt;
            keys[at + "default_caption"] = d.DefaultCaption ?? "";
            keys[at + "trigger_word"] = d.TriggerWord ?? "";
            keys[at + "caption_dropout_rate"] = Text(d.CaptionDropoutRate);
            keys[at + "resolution"] = Text(d.Resolution);
            keys[at + "num_repeats"] = Text(d.NumRepeats);
            keys[at + "flip_x"] = Text(d.FlipX);
        }
        return keys;
    }

    /// <summary>Every key whose value differs (or that only one side has), as <c>key: recorded → now</c>, in key order.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> recorded, IReadOnlyDictionary<string, string> now) =>
        recorded.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(key => recorded.GetValueOrDefault(key) != now.GetValueOrDefault(key))
            .Select(key => $"{key}: {Shown(recorded.GetValueOrDefault(key))} → {Shown(now.GetValueOrDefault(key))}")
            .ToList();

    static string Shown(string? value) => value is null ? "(not recorded)" : value.Length == 0 ? "(unset)" : value;

    static string Text(bool value) => value ? "true" : "false";
    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
    static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    static string Text<T>(IEnumerable<T> values) => "[" + string.Join(", ", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))) + "]";
}
