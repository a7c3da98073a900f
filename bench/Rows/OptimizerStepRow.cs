using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Bench.Harness;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Training.Optimizers;
using static TorchSharp.torch;
using AdamW = ZImageSweep.Engine.Training.Optimizers.AdamW;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// The optimizer part of a training step alone: grad clip 1.0 and one AdamW or AdamW8bit step over a rank-16 LoRA of
/// the profile's transformer (the 8 projections of every main layer; 42.5 M fp32 parameters at full size in 480
/// tensors), with random gradients. No model runs: the factor shapes come from the model built on the meta device.
/// </summary>
public sealed class OptimizerStepRow(bool eightBit) : BenchRow
{
    const int Rank = 16;

    public override string Id => eightBit ? "optimizer-step-adamw8bit" : "optimizer-step-adamw";
    public override string Name => $"{(eightBit ? "AdamW8bit" : "AdamW")} step + grad clip, LoRA r{Rank}";
    public override BenchSuite Suite => BenchSuite.Training;
    public override string DType => eightBit ? "fp32, 8-bit moments" : "fp32";

    public override RowMeasurement Run(BenchContext context)
    {
        var targets = new LoraTargets();
        List<(string Name, long In, long Out)> linears;
        using (var meta = new ZImageTransformer2DModel(context.Profile.Transformer, new Device(DeviceType.META), ScalarType.BFloat16))
            linears = meta.named_modules().Where(m => m.module is Linear && targets.Includes(m.name))
                .Select(m => (m.name, ((Linear)m.module).in_features, ((Linear)m.module).out_features)).ToList();

        var (parameters, setupMs) = context.Setup(() => linears.SelectMany((l, i) => new[]
        {
            ($"{l.Name}.lora_A.weight", Factor([Rank, l.In], context, salt: 2 * i)),
            ($"{l.Name}.lora_B.weight", Factor([l.Out, Rank], context, salt: 2 * i + 1)),
        }).ToList());
        try
        {
            using ITrainingOptimizer optimizer = eightBit
                ? new AdamW8bit(parameters, new AdamWHyperParameters())
                : new AdamW(parameters, new AdamWHyperParameters());
            var tensors = parameters.Select(p => p.Item2).ToList();
            TimingResult timing = context.Timer.Measure(() => optimizer.Step(1e-4, maxGradNorm: 1.0), context.Forward);
            long count = tensors.Sum(p => p.numel());
            return new RowMeasurement(timing, setupMs, ImagesPerIteration: null,
                Metrics: new Dictionary<string, double> { ["parameters"] = count, ["tensors"] = tensors.Count, ["state_bytes"] = optimizer.StateBytes },
                Note: $"{count:N0} parameters in {tensors.Count} tensors");
        }
        finally
        {
            foreach (var (_, p) in parameters) p.Dispose();
        }
    }

    static readonly Scalar FactorScale = 0.01.ToScalar(); // held for the process (HeldScalars)

    /// <summary>A trainable factor with a gradient of its shape (the clip rescales it in place; the step never changes it).</summary>
    static Parameter Factor(long[] shape, BenchContext context, long salt)
    {
        Tensor values;
        using (NewDisposeScope()) values = context.RandomNormal(shape, ScalarType.Float32, salt).mul(FactorScale).MoveToOuterDisposeScope();
        var factor = new Parameter(values, requires_grad: true);
        factor.grad = context.RandomNormal(shape, ScalarType.Float32, salt + 1_000_000);
        return factor;
    }
}
