using TorchSharp.Modules;
using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Loss;
using ZImageSweep.Engine.Training.Optimizers;
using static TorchSharp.torch;
using AdamW = ZImageSweep.Engine.Training.Optimizers.AdamW;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// One complete LoRA optimizer step as the trainer runs it (issue 7's reference setup): bf16 base, rank-16 LoRA on
/// the 8 projections of the main layers in fp32, flow-matching MSE at σ = 0.5, backward, grad clip 1.0, AdamW step,
/// zero grad; one <paramref name="pixels"/>² image and the profile's caption length. No host sync inside the step.
/// With <paramref name="offloadShare"/> that share of the transformer blocks is layer-offloaded (issue 18's
/// <c>-offload100</c> row: float8 + 100 %, target ≤ 8 GiB allocated at ≤ 1.6× the float8 step). With float8 or
/// offloading the base loads via host as the trainer loads it, and <c>load_peak_gib</c> is the device peak of that load.
/// With <paramref name="nativeAutograd"/> the LoRA is <see cref="NativeAutogradLora"/> instead of the engine's: the
/// <c>-native-autograd</c> rows say what the engine's managed autograd function and hooks cost beside plain ops.
/// </summary>
public sealed class LoraTrainingStepRow(int pixels, bool checkpointing, bool float8 = false, double? offloadShare = null, bool nativeAutograd = false) : BenchRow
{
    const int Rank = 16;

    public override string Id => $"lora-step-{pixels}{(checkpointing ? "-ckpt" : "")}{(float8 ? "-float8" : "")}{(offloadShare is double s ? $"-offload{s * 100:0}" : "")}{(nativeAutograd ? "-native-autograd" : "")}";
    public override string Name => $"LoRA r{Rank} step {pixels}², checkpointing {(checkpointing ? "on" : "off")}{(float8 ? ", float8 base" : "")}" +
        (offloadShare is double share ? $", {share * 100:0} % of the blocks offloaded" : "") +
        (nativeAutograd ? ", LoRA in plain ops (libtorch's autograd)" : "");
    public override BenchSuite Suite => BenchSuite.Training;
    public override string DType => float8 ? "float8 base + fp32 LoRA" : "bf16 + fp32 LoRA";

    /// <summary>Allocated GiB now and the peak so far, after one phase of the first step.</summary>
    static void Phase(CudaAllocatorStats? allocator, Dictionary<string, double> metrics, string phase)
    {
        if (allocator is null) return;
        cuda.synchronize();
        metrics[$"{phase}_allocated_gib"] = Math.Round(allocator.AllocatedBytes() / (double)(1L << 30), 3);
        metrics[$"{phase}_peak_allocated_gib"] = Math.Round(allocator.PeakAllocatedBytes() / (double)(1L << 30), 3);
    }

    static (IDisposable, IReadOnlyList<(string Name, Parameter Parameter)>) NativeLora(NativeAutogradLora lora) => (lora, lora.Parameters());
    static (IDisposable, IReadOnlyList<(string Name, Parameter Parameter)>) EngineLora(LoraNetwork lora) => (lora, lora.Parameters());

    public override RowMeasurement Run(BenchContext context)
    {
        BenchProfile profile = context.Profile;
        manual_seed(context.Seed);
        // As the trainer loads it (TrainingSession.PrepareBase): with float8 or offloading, blocks built in host memory
        // and prepared on the device one at a time; the runner reset the allocator's peak before this row.
        bool viaHost = BaseLoadPlan.LoadsViaHost(float8, offloadShare);
        var ((model, plan, prepared), setupMs) = context.Setup(() =>
        {
            var built = RandomModels.Transformer(profile.Transformer, context.Device, ScalarType.BFloat16, blockDevice: viaHost ? CPU : null);
            BaseLoadPlan loadPlan = BaseLoadPlan.For(built.BlockCount, float8, offloadShare);
            return (built, loadPlan, viaHost ? TransformerHostLoad.Prepare(built, loadPlan) : null);
        });
        using (model)
        using (prepared)
        {
            LayerOffloading? offloading = prepared?.Offloading;
            model.GradientCheckpointing = checkpointing;
            long? loadPeak = context.Allocator?.PeakAllocatedBytes();
            var generator = new Generator((ulong)context.Seed);
            var (lora, named) = nativeAutograd
                ? NativeLora(new NativeAutogradLora(model, Rank, generator))
                : EngineLora(LoraNetwork.CreateTrainable(model, Rank, new LoraTargets(), generator));
            using var _ = lora;
            using var optimizer = new AdamW(named, new AdamWHyperParameters());
            var parameters = named.Select(p => p.Parameter).ToList();
            int latent = pixels / 8;
            using Tensor x0 = context.RandomNormal([1, profile.Transformer.InChannels, latent, latent], ScalarType.Float32, salt: 1);
            using Tensor noise = context.RandomNormal([1, profile.Transformer.InChannels, latent, latent], ScalarType.Float32, salt: 2);
            using Tensor capFeats = context.RandomNormal([profile.CaptionTokens, profile.Transformer.CapFeatDim], ScalarType.BFloat16, salt: 3);
            using Tensor t = FixedNoiseLevel.ModelTimes(1, context.Device);
            using Tensor xt = FixedNoiseLevel.Noised(x0, noise).squeeze(0).unsqueeze(1).to(ScalarType.BFloat16); // (C, 1, h, w)
            using Tensor target = noise - x0;

            var metrics = new Dictionary<string, double>
            {
                ["weights_gib"] = Math.Round(model.parameters().Sum(p => p.numel() * p.element_size()) / (double)(1L << 30), 3),
            };
            // What a smaller card must hold to load the base: the device peak of the load, and the blocks on the device at once.
            if (loadPeak is long bytes) metrics["load_peak_gib"] = Math.Round(bytes / (double)(1L << 30), 3);
            metrics["load_max_blocks_on_device"] = plan.MaxBlocksOnDeviceDuringLoad;
            if (offloading is not null)
            {
                metrics["offloaded_host_gib"] = Math.Round(offloading.HostBytes / (double)(1L << 30), 3);
                metrics["offload_side_stream"] = offloading.CopiesOverlap ? 1 : 0; // 0: the shim was not loaded, copies on the compute stream
            }
            Phase(context.Allocator, metrics, "setup");
            // From here the peak is training's own; the load's stays reported as load_peak_gib (the prepared base) and
            // setup_peak_allocated_gib (with the LoRA, optimizer and inputs).
            context.Allocator?.ResetPeak();
            void TrainStep(CudaAllocatorStats? phases, string step = "")
            {
                Tensor prediction = -stack(model.forward([xt], t, [capFeats])).to(ScalarType.Float32).squeeze(2); // (1, C, h, w)
                Tensor loss = FlowMatchLoss.Compute(prediction, target, [1.0], LossType.Mse);
                Phase(phases, metrics, step + "forward");
                loss.backward();
                Phase(phases, metrics, step + "backward");
                optimizer.Step(1e-4, maxGradNorm: 1.0);
                Phase(phases, metrics, step + "optimizer");
                optimizer.ZeroGrad();
            }
            // With the allocator statistics, two untimed steps first record where the peak falls (the first has no
            // optimizer moments yet; the second is what every later step looks like), for finding what holds memory.
            if (context.Allocator is { } allocator)
            {
                using (NewDisposeScope()) TrainStep(allocator);
                using (NewDisposeScope()) TrainStep(allocator, "second_");
            }
            TimingResult timing = context.Timer.Measure(() => TrainStep(null), context.Forward);
            long tokens = (long)(pixels / 16) * (pixels / 16);
            metrics["lora_parameters"] = parameters.Sum(p => p.numel());
            metrics["image_tokens"] = tokens;
            return new RowMeasurement(timing, setupMs, ImagesPerIteration: 1,
                Metrics: metrics,
                Note: $"{tokens} image + {profile.CaptionTokens} caption tokens, {parameters.Sum(p => p.numel()):N0} LoRA parameters" +
                      (viaHost ? $"; {plan.Describe()}" : ""));
        }
    }
}
