using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Pipelines;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// Caption caching with the text encoder layer-offloaded (issue 18, <c>layer_offloading_text_encoder_percent</c>): the
/// random Qwen3 of the profile loads via host as the trainer loads it (<see cref="LoadedTextEncoder.Prepare"/>: decoder
/// layers built in host memory, prepared on the device one at a time, <paramref name="share"/> of them offloaded,
/// float8 with <paramref name="float8"/>), then encodes a batch of <paramref name="batch"/> captions of
/// <paramref name="tokens"/> random ids per iteration. Reports the load's time (<c>load_ms</c>, the setup) and device
/// peak (<c>load_peak_gib</c>: the runner reset the allocator's peak before the row) and the encode's peak
/// (<c>encode_peak_gib</c>, the peak being reset after the load), so 0 % and 100 % compare what a 12 GB card must hold.
/// </summary>
public sealed class TextEncodeOffloadRow(int tokens, int batch, double share, bool float8 = false) : BenchRow
{
    public const long IdSalt = 5;

    public override string Id => $"text-encode-{tokens}x{batch}{(float8 ? "-float8" : "")}-offload{share * 100:0}";
    public override string Name => $"Qwen3 caption batch encode, {batch} × {tokens} tokens, {share * 100:0} % of the layers offloaded{(float8 ? ", float8" : "")}";
    public override BenchSuite Suite => BenchSuite.Inference;
    public override string DType => float8 ? "float8 weights, bf16 compute" : "bf16";

    static double Gib(long bytes) => Math.Round(bytes / (double)(1L << 30), 3);

    public override RowMeasurement Run(BenchContext context)
    {
        Qwen3Config config = context.Profile.TextEncoder;
        using var _ = no_grad();
        manual_seed(context.Seed);
        var log = new List<string>();
        var (encoder, setupMs) = context.Setup(() =>
        {
            var model = RandomModels.TextEncoder(config, context.Device, ScalarType.BFloat16, layerDevice: CPU);
            return LoadedTextEncoder.Prepare(model, BaseLoadPlan.For(model.model.layers.Count, float8, share), log.Add);
        });
        using (encoder)
        {
            LayerOffloading offloading = encoder.Offloading!;
            var metrics = new Dictionary<string, double>
            {
                ["load_ms"] = Math.Round(setupMs, 1),
                ["layers"] = offloading.BlockCount,
                ["offloaded_layers"] = offloading.OffloadedCount,
                ["offloaded_host_gib"] = Gib(offloading.HostBytes),
                ["offload_side_stream"] = offloading.CopiesOverlap ? 1 : 0, // 0: the shim was not loaded, copies on the compute stream
            };
            if (context.Allocator is { } allocator)
            {
                metrics["load_peak_gib"] = Gib(allocator.PeakAllocatedBytes());
                metrics["loaded_allocated_gib"] = Gib(allocator.AllocatedBytes());
                allocator.ResetPeak();
            }
            using Tensor ids = context.RandomTokenIds(tokens * batch, config.VocabSize, IdSalt).view(batch, tokens); // (B, L) int64, CPU
            using Tensor mask = ones([batch, tokens], ScalarType.Int64);                                                // (B, L), CPU
            TimingResult timing = context.Timer.Measure(() => Encode(encoder.Model, ids, mask), context.Forward);
            if (context.Allocator is { } after) metrics["encode_peak_gib"] = Gib(after.PeakAllocatedBytes());
            return new RowMeasurement(timing, setupMs, ImagesPerIteration: null, Metrics: metrics, Note: string.Join("; ", log));
        }
    }

    /// <summary>The batch's caption features (B, L, hidden), copied out of the encoder's output.</summary>
    static Tensor Encode(Qwen3ForTextEncoding encoder, Tensor ids, Tensor mask)
    {
        using Qwen3EncoderOutput output = encoder.forward(ids, mask);
        return output.HiddenMinus2.clone();
    }
}
