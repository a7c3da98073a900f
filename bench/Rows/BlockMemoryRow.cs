using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// What one main-layer block costs in activation memory when gradient checkpointing replays it: the block's forward
/// with autograd on (rank-16 LoRA attached) and its backward, as <c>BlockCheckpoint</c> runs them, on a one-layer model
/// of the profile's dimensions. With the allocator statistics it reports, in units of one activation
/// (tokens × dim × 2 bytes), what the forward leaves saved for backward, the forward's transient peak, and the
/// backward's peak, plus the allocated memory after each sub-module of the forward (<c>metrics</c>).
/// </summary>
public sealed class BlockMemoryRow(int pixels) : BenchRow
{
    const int Rank = 16;

    public override string Id => $"block-memory-{pixels}";
    public override string Name => $"one block, forward + backward with grad, {pixels}²";
    public override BenchSuite Suite => BenchSuite.Training;
    public override string DType => "bf16 + fp32 LoRA";

    public override RowMeasurement Run(BenchContext context)
    {
        BenchProfile profile = context.Profile;
        ZImageConfig config = profile.Transformer with { NLayers = 1 };
        var (model, setupMs) = context.Setup(() => RandomModels.Transformer(config, context.Device, ScalarType.BFloat16));
        using (model)
        {
            using var lora = LoraNetwork.CreateTrainable(model, Rank, new LoraTargets(), new Generator((ulong)context.Seed));
            var block = (ZImageTransformerBlock)model.named_modules().Single(m => m.name == "layers.0").module;
            long tokens = (long)(pixels / 16) * (pixels / 16) + (profile.CaptionTokens + 31) / 32 * 32;
            double activation = tokens * config.Dim * 2.0; // bytes of one bf16 activation
            using Tensor hidden = context.RandomNormal([1, tokens, config.Dim], ScalarType.BFloat16, salt: 1);
            using Tensor upstream = context.RandomNormal([1, tokens, config.Dim], ScalarType.BFloat16, salt: 2);
            using Tensor adaln = context.RandomNormal([1, config.AdaLnEmbedDim], ScalarType.BFloat16, salt: 3);
            using Tensor cos = context.RandomNormal([1, tokens, config.Dim / config.NHeads / 2], ScalarType.Float32, salt: 4);
            using Tensor sin = context.RandomNormal([1, tokens, config.Dim / config.NHeads / 2], ScalarType.Float32, salt: 5);
            var freqs = new RotaryFreqs(cos, sin);

            var metrics = new Dictionary<string, double>();
            CudaAllocatorStats? allocator = context.Allocator;
            long baseline = 0;
            double InActivations(long bytes) => Math.Round((bytes - baseline) / activation, 2);
            // Allocated memory after each sub-module's forward, on the first (recorded) pass only.
            bool recording = false;
            var removers = new List<Action>();
            if (allocator is not null)
                foreach (var (name, module) in block.named_modules().Where(m => m.name.Length > 0))
                    if (module is nn.Module<Tensor, Tensor> typed) // the norms, the feed-forward and every Linear
                        removers.Add(typed.register_forward_hook((_, _, output) =>
                    {
                            if (recording) { cuda.synchronize(); metrics[$"after_{name}_activations"] = InActivations(allocator.AllocatedBytes()); }
                            return output;
                        }).remove);

            void ForwardBackward(bool record)
            {
                Tensor input = hidden.detach().requires_grad_(true);
                if (record && allocator is not null) { cuda.synchronize(); baseline = allocator.AllocatedBytes(); allocator.ResetPeak(); }
                recording = record;
                Tensor output = block.forward(input, keyMask: null, freqs, adaln);
                recording = false;
                if (record && allocator is not null)
                {
                    cuda.synchronize();
                    metrics["saved_activations"] = InActivations(allocator.AllocatedBytes()) - 1; // less the output itself
                    metrics["forward_peak_activations"] = InActivations(allocator.PeakAllocatedBytes());
                    allocator.ResetPeak();
                }
                autograd.backward([output], [upstream]);
                if (record && allocator is not null)
                {
                    cuda.synchronize();
                    metrics["backward_peak_activations"] = InActivations(allocator.PeakAllocatedBytes());
                    metrics["after_backward_activations"] = InActivations(allocator.AllocatedBytes());
                }
                foreach (var (_, p) in lora.Parameters()) p.grad = null;
            }

            using (NewDisposeScope()) ForwardBackward(record: true);
            foreach (Action remove in removers) remove();
            TimingResult timing = context.Timer.Measure(() => ForwardBackward(record: false), context.Forward);
            metrics["activation_mib"] = Math.Round(activation / (1 << 20), 2);
            metrics["tokens"] = tokens;
            return new RowMeasurement(timing, setupMs, ImagesPerIteration: null, Metrics: metrics,
                Note: $"{tokens} tokens; one activation = {activation / (1 << 20):F2} MiB");
        }
    }
}
