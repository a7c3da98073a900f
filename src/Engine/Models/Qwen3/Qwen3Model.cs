using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.Common;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>
/// transformers' <c>Qwen3Model</c> (no LM head) used as a text encoder. Position ids are 0 … L−1 whatever the
/// mask, as in transformers; padding is expected on the right, where it cannot influence valid tokens of a
/// causal model.
/// </summary>
public sealed class Qwen3Model : nn.Module<Tensor, Tensor?, Qwen3EncoderOutput>, IOffloadableModel
{
    public Qwen3Config Config { get; }
    public Qwen3Depth Depth { get; }

    public Qwen3Embedding embed_tokens;      // vocab → D
    public ModuleList<Qwen3DecoderLayer> layers;
    public RMSNorm? norm;               // (D); absent at depth HiddenStatesMinus2

    /// <summary>Set when the decoder layers are layer-offloaded (Pipelines/LoadedTextEncoder): their frozen weights live in host memory between calls.</summary>
    public LayerOffloading? Offloading { get; set; }

    /// <summary>The decoder layers in the order <see cref="forward"/> runs them, as one stack for layer offloading.</summary>
    public IReadOnlyList<IReadOnlyList<nn.Module>> OffloadableStacks => [[.. layers]];

    /// <summary>Where the embedding (and so the inputs and outputs) lives.</summary>
    public Device Device => embed_tokens.weight.device;

    /// <param name="layerDevice">where the decoder layers wait when not on <paramref name="device"/>: host memory for
    /// an encoder loaded via host (Offloading/BlockHostLoad). Each layer is still initialised on
    /// <paramref name="device"/> and moved right after, as the transformer's blocks are (libtorch draws initial
    /// weights on the CPU in one thread).</param>
    public Qwen3Model(Qwen3Config config, Qwen3Depth depth = Qwen3Depth.Full, Device? device = null, ScalarType dtype = ScalarType.Float32,
        Device? layerDevice = null)
        : base(nameof(Qwen3Model))
    {
        Config = config.Validate("Qwen3Model");
        Depth = depth;
        embed_tokens = new Qwen3Embedding(config.VocabSize, config.HiddenSize, device, dtype);
        int built = depth == Qwen3Depth.Full ? config.NumHiddenLayers : config.NumHiddenLayers - 1;
        layers = nn.ModuleList(Enumerable.Range(0, built).Select(_ =>
        {
            var layer = new Qwen3DecoderLayer(config, device, dtype);
            return layerDevice is null ? layer : layer.MoveTo(layerDevice);
        }).ToArray());
        norm = depth == Qwen3Depth.Full ? new RMSNorm(config.HiddenSize, config.RmsNormEps, fp32Variance: true, device, dtype) : null;
        RegisterComponents();
    }

    /// <param name="input_ids">(L) or (B, L) token ids, int64 or int32, each in [0, vocab_size)</param>
    /// <param name="attention_mask">(B, L) or (L): nonzero = valid token; null = every token valid</param>
    /// <exception cref="ArgumentException">the ids are not integer, empty, out of range, or the mask's shape differs.</exception>
    public override Qwen3EncoderOutput forward(Tensor input_ids, Tensor? attention_mask)
    {
        using var scope = NewDisposeScope();
        bool unbatched = input_ids.dim() == 1;
        Tensor ids = CheckIds(input_ids);                                            // (B, L) int64
        Tensor? mask = attention_mask is null ? null : AttentionMask(attention_mask, ids.shape, ids.device); // (B, 1, L, L)
        long l = ids.shape[1];

        Tensor h = embed_tokens.forward(ids);                                        // (B, L, D)
        var (cos, sin) = Qwen3RotaryEmbedding.CosSin(l, Config.HeadDim, Config.RopeTheta, h.dtype, h.device); // (L, d)
        int throughMinus2 = Config.NumHiddenLayers - 1;                              // layers 0 … N−2
        for (int i = 0; i < throughMinus2; i++) h = Layer(i, h, cos, sin, mask);
        Tensor hiddenMinus2 = h;                                                     // hidden_states[-2], (B, L, D)
        Tensor? last = null;
        if (norm is not null)
            last = norm.forward(Layer(throughMinus2, h, cos, sin, mask));            // (B, L, D)

        if (unbatched)
        {
            hiddenMinus2 = hiddenMinus2.squeeze(0);                                  // (L, D)
            last = last?.squeeze(0);
        }
        hiddenMinus2.MoveToOuterDisposeScope();
        last?.MoveToOuterDisposeScope();
        return new Qwen3EncoderOutput(hiddenMinus2, last);
    }

    /// <summary>One decoder layer, its weights brought in first when it is offloaded.</summary>
    Tensor Layer(int index, Tensor h, Tensor cos, Tensor sin, Tensor? mask)
    {
        using (Offloading?.Use(layers[index], BlockPass.Forward))
            return layers[index].forward(h, cos, sin, mask);
    }

    /// <summary>Validates ids before the embedding lookup: on CUDA an out-of-range id is a device assert, not an exception.</summary>
    Tensor CheckIds(Tensor input_ids)
    {
        if (input_ids.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            throw new ArgumentException($"input_ids must be int64 or int32, found {input_ids.dtype}", nameof(input_ids));
        if (input_ids.dim() is not (1 or 2) || input_ids.shape[^1] == 0 || input_ids.numel() == 0)
            throw new ArgumentException($"input_ids must be (L) or (B, L) with L ≥ 1, found {ShapeText.Of(input_ids.shape)}", nameof(input_ids));
        Tensor ids = input_ids.to(ScalarType.Int64);
        // One host sync per encode; negligible next to the decoder layers.
        long min = ids.min().item<long>(), max = ids.max().item<long>();
        if (min < 0 || max >= Config.VocabSize)
            throw new ArgumentOutOfRangeException(nameof(input_ids),
                $"token ids must lie in [0, {Config.VocabSize}) (vocab_size); found ids from {min} to {max}");
        ids = ids.to(embed_tokens.weight.device);
        return ids.dim() == 1 ? ids.unsqueeze(0) : ids;                              // (B, L)
    }

    /// <summary>Causal ∧ key-valid, plus the diagonal so a padded query still attends to itself (no empty softmax row).</summary>
    static Tensor AttentionMask(Tensor attention_mask, long[] idsShape, Device device)
    {
        Tensor valid = attention_mask.dim() == 1 ? attention_mask.unsqueeze(0) : attention_mask; // (B, L)
        valid = valid.to(device);
        if (!valid.shape.SequenceEqual(idsShape))
            throw new ArgumentException(
                $"attention_mask {ShapeText.Of(attention_mask.shape)} does not match input_ids {ShapeText.Of(idsShape)}",
                nameof(attention_mask));
        long l = idsShape[1];
        Tensor keys = valid.to(ScalarType.Bool).unsqueeze(1);                         // (B, 1, L) over keys
        Tensor causal = ones(l, l, ScalarType.Bool, valid.device).tril();             // (L, L)
        Tensor allowed = (causal.unsqueeze(0) & keys) | eye(l, dtype: ScalarType.Bool, device: valid.device); // (B, L, L)
        return allowed.unsqueeze(1);                                                  // (B, 1, L, L)
    }
}
