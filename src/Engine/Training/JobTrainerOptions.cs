using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Engine.Training.Optimizers;
using ZImageSweep.Engine.Training.Validation;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Maps a validated ai-toolkit job onto the trainer's options. Two conventions differ from a literal reading and
/// follow what ai-toolkit actually does for Z-Image (docs/training.md#sampling):
/// <list type="bullet">
/// <item>sample guidance: the job's <c>guidance_scale</c> s becomes the pipeline's g = max(0, s − 1) ("CFG is 0
/// normalised for this model", ai-toolkit since 2026-07-08), applied as <c>pos + g·(pos − neg)</c> when g &gt; 1 — so
/// Turbo's UI value 1 means no CFG and De-Turbo's 3 means standard CFG 3;</item>
/// <item>sample steps: ai-toolkit's scheduler counts a final no-op step at σ = 0, so its N steps are the official
/// schedule's N − 1 (Turbo's 9 are the official 8 sigmas).</item>
/// </list>
/// Relative folders are resolved against the current directory, as ai-toolkit's run.py does.
/// </summary>
public static class JobTrainerOptions
{
    public static TrainerOptions From(JobConfig job)
    {
        ProcessConfig p = job.Process;
        TrainConfig t = p.Train;
        return new TrainerOptions
        {
            Name = job.Name,
            OutputFolder = TrainingOutput.Of(job).Folder,
            Datasets = p.Datasets.Select(d => new DatasetOptions(Path.GetFullPath(d.FolderPath), d.CaptionExt, d.DefaultCaption, d.TriggerWord,
                d.CaptionDropoutRate, d.Resolution, d.FlipX, d.NumRepeats, d.CacheLatentsToDisk, d.FlipY, d.BatchSize, d.NetworkWeight)).ToList(),
            TriggerWord = p.TriggerWord,
            Rank = p.Network.Linear,
            Targets = new LoraTargets(p.Network.OnlyIfContains, p.Network.IgnoreIfContains),
            Steps = t.Steps,
            BatchSize = t.BatchSize,
            GradientAccumulation = t.GradientAccumulation,
            LearningRate = t.Lr,
            LrScheduler = t.LrScheduler,
            LrWarmupSteps = t.LrWarmupSteps,
            Optimizer = t.Optimizer,
            // bitsandbytes' AdamW8bit as ai-toolkit builds it: eps 1e-6, weight decay 0.01 unless optimizer_params sets it.
            OptimizerHyper = new AdamWHyperParameters(Eps: t.Optimizer == OptimizerKind.AdamW8Bit ? 1e-6 : 1e-8, WeightDecay: t.WeightDecay ?? 0.01),
            MaxGradNorm = t.MaxGradNorm,
            GradientCheckpointing = t.GradientCheckpointing,
            QuantizeBase = job.Process.Model.Quantize,
            TransformerOffloadShare = job.Process.Model.LayerOffloading?.TransformerShare,
            TextEncoderOffloadShare = job.Process.Model.LayerOffloading?.TextEncoderShare,
            LowVram = job.Process.Model.LowVram,
            TrainOnTriggerOnly = t.UnloadTextEncoder,
            TimestepType = t.TimestepType,
            ContentOrStyle = t.ContentOrStyle,
            LossType = t.LossType,
            EmaDecay = t.Ema.UseEma ? t.Ema.EmaDecay : null,
            DiffOutputPreservation = t.DiffOutputPreservation ? new PreservationOptions(t.DiffOutputPreservationClass, t.DiffOutputPreservationMultiplier) : null,
            DifferentialGuidanceScale = t.DoDifferentialGuidance ? t.DifferentialGuidanceScale : null,
            Seed = (int)(p.TrainingSeed ?? 0),
            SaveDtype = p.Save.DType switch
            {
                SaveDType.Float16 => ScalarType.Float16,
                SaveDType.BFloat16 => ScalarType.BFloat16,
                _ => ScalarType.Float32,
            },
            SaveEvery = p.Save.SaveEvery,
            MaxStepSavesToKeep = p.Save.MaxStepSavesToKeep,
            Sample = t.DisableSampling ? null : Sample(p.Sample, t),
            Validation = p.Validation is { } v ? Validation(v, p) : t.ValidationConfig is { } aiToolkit ? Validation(aiToolkit, p) : null,
            Meta = job.Meta,
            Fingerprint = JobFingerprint.Of(job),
        };
    }

    static SampleOptions? Sample(SampleConfig s, TrainConfig t)
    {
        if (s.Samples.Count == 0) return null;
        return new SampleOptions(
            s.SampleEvery,
            s.Samples.Select(x => new SamplePrompt(x.Prompt, x.Width, x.Height, x.Neg, x.Seed,
                x.GuidanceScale is double g ? PipelineGuidance(g) : null, x.SampleSteps is int n ? OfficialSteps(n) : null, x.NetworkMultiplier)).ToList(),
            s.Width, s.Height, s.Neg, s.Seed, s.WalkSeed, PipelineGuidance(s.GuidanceScale), OfficialSteps(s.SampleSteps), s.NetworkMultiplier,
            s.Format == ImageFormat.Png ? "png" : "jpg", SampleAtStart: !t.SkipFirstSample, NetworkMultipliers: s.NetworkMultipliers.Count > 0 ? s.NetworkMultipliers : null,
            StartStep: s.SampleStartStep, SampleAtResume: t.ForceFirstSample);
    }

    /// <summary>Held-out images default to the first training resolution; drift and leakage sample with the job's sample settings.</summary>
    static ValidationOptions Validation(ValidationConfig v, ProcessConfig p) => new()
    {
        FolderPath = v.FolderPath is string folder ? Path.GetFullPath(folder) : null,
        CaptionExtension = v.CaptionExt,
        Holdout = v.Holdout,
        Sigmas = v.Timesteps,
        Seed = v.Seed,
        Resolution = v.Resolution ?? p.Datasets.FirstOrDefault()?.Resolution.FirstOrDefault() ?? 512,
        Loss = v.ValidationLoss,
        TurboDrift = v.TurboDrift,
        TriggerLeakage = v.TriggerLeakage,
        DriftSteps = (v.DriftSteps[0], v.DriftSteps[^1]),
        DriftPrompts = v.DriftPrompts,
        LeakagePrompts = v.LeakagePrompts,
        Sampling = Sampling(p.Sample),
    };

    /// <summary>
    /// ai-toolkit's validation as our held-out loss: its items and sigmas, resolution and cadence; the loss only (no
    /// drift or leakage score, which ai-toolkit does not have). Items without an image path are skipped as ai-toolkit
    /// skips them; with none left nothing is validated.
    /// </summary>
    static ValidationOptions? Validation(TrainValidationConfig v, ProcessConfig p)
    {
        var items = v.ValidationItems.Where(i => i.ImagePath.Length > 0).Select(i => new ValidationItem(Path.GetFullPath(i.ImagePath), i.Prompt)).ToList();
        if (items.Count == 0) return null;
        return new ValidationOptions
        {
            Items = items,
            Sigmas = v.ValidationSigmas,
            Resolution = v.Resolution,
            EveryNSteps = v.ValidateEveryNSteps,
            TurboDrift = false,
            TriggerLeakage = false,
            Sampling = Sampling(p.Sample),
        };
    }

    static ValidationSampling Sampling(SampleConfig s) => new(s.Width, s.Height, OfficialSteps(s.SampleSteps), PipelineGuidance(s.GuidanceScale), s.Neg);

    static double PipelineGuidance(double aiToolkitScale) => Math.Max(0, aiToolkitScale - 1);

    static int OfficialSteps(int aiToolkitSteps) => Math.Max(1, aiToolkitSteps - 1);
}
