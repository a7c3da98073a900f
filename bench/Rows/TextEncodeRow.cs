using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Engine.Models.Qwen3;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// The prompt encode of the pipeline: Qwen3 (built to <c>hidden_states[-2]</c>, 35 of 36 layers for Qwen3-4B) in
/// bf16 over one prompt of the profile's caption length, ids and mask handed over from the CPU as
/// <see cref="Engine.Text.PromptEncoder"/> does, features of the valid tokens copied out. Tokenisation is not timed
/// (microseconds of CPU work, and the GPU host has no tokenizer.json): the ids are random.
/// </summary>
public sealed class TextEncodeRow : BenchRow
{
    public const long IdSalt = 4;

    public TextEncodeRow(int tokens) => Tokens = tokens;

    public int Tokens { get; }
    public override string Id => $"text-encode-{Tokens}";
    public override string Name => $"Qwen3 prompt encode, {Tokens} tokens";
    public override BenchSuite Suite => BenchSuite.Inference;
    public override string DType => "bf16";

    public override RowMeasurement Run(BenchContext context)
    {
        Qwen3Config config = context.Profile.TextEncoder;
        using var _ = no_grad();
        manual_seed(context.Seed);
        var (encoder, setupMs) = context.Setup(() => RandomModels.TextEncoder(config, context.Device, ScalarType.BFloat16));
        using (encoder)
        {
            using Tensor ids = context.RandomTokenIds(Tokens, config.VocabSize, IdSalt); // (1, L) int64, CPU
            using Tensor mask = ones([1, Tokens], ScalarType.Int64);                     // (1, L), CPU
            TimingResult timing = context.Timer.Measure(() => Encode(encoder, ids, mask), context.Forward);
            return new RowMeasurement(timing, setupMs, ImagesPerIteration: null,
                Metrics: new Dictionary<string, double> { ["layers"] = encoder.model.layers.Count },
                Note: $"{encoder.model.layers.Count} layers, hidden_states[-2]");
        }
    }

    /// <summary>Caption features of one prompt: (L, hidden) in the encoder's dtype on its device.</summary>
    internal static Tensor Encode(Qwen3ForTextEncoding encoder, Tensor ids, Tensor mask)
    {
        using Qwen3EncoderOutput output = encoder.forward(ids, mask);
        return output.HiddenMinus2[0].narrow(0, 0, ids.shape[1]).clone(); // (L, D), own storage
    }
}
