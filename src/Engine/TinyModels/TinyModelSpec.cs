using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Models.ZImage;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.TinyModels;

/// <summary>
/// What <see cref="TinyModelWriter"/> writes: the architecture of each component, the storage dtypes (as the released
/// Turbo files: transformer float32, text encoder and VAE bf16) and the initialisation scales. The defaults build a
/// model that samples a 64×64 image on a CPU in well under a second per step.
/// </summary>
public sealed record TinyModelSpec
{
    /// <summary>the tiny (docs/model.md#tiny-configurations) transformer, with <c>cap_feat_dim</c> taken from the text encoder.</summary>
    public ZImageConfig Transformer { get; init; } = new()
    {
        Dim = 64, NLayers = 2, NRefinerLayers = 1, NHeads = 2, NKvHeads = 2, CapFeatDim = 64,
        AxesDims = [8, 12, 12], AxesLens = [1536, 512, 512],
    };

    /// <summary>the tiny (docs/model.md#tiny-configurations) Qwen3; <c>vocab_size</c> is replaced by the written tokenizer's size.</summary>
    public Qwen3Config TextEncoder { get; init; } = new(
        HiddenSize: 64, IntermediateSize: 128, NumHiddenLayers: 3, NumAttentionHeads: 4, NumKeyValueHeads: 2, HeadDim: 16,
        VocabSize: 1, RmsNormEps: 1e-6, RopeTheta: 1_000_000, MaxPositionEmbeddings: 40960, TieWordEmbeddings: true);

    /// <summary>Four blocks like FLUX's VAE (8× downsampling, 16 latent channels, same scaling and shift), tiny channels.</summary>
    public AutoencoderKLConfig Vae { get; init; } = AutoencoderKLConfig.Flux with
    {
        BlockOutChannels = [16, 16, 32, 32],
        LayersPerBlock = 1,
        NormNumGroups = 8,
    };

    /// <summary>Turbo's scheduler shift.</summary>
    public double Shift { get; init; } = 3.0;

    public int TokenizerMerges { get; init; } = TinyTokenizer.DefaultMerges;

    /// <summary>Training adapters (file suffix, rank): ai-toolkit-style LoRAs over every <c>layers.N</c> Linear.</summary>
    public IReadOnlyList<(string Version, int Rank)> Adapters { get; init; } = [("v1", 4), ("v2", 8)];

    public ScalarType TransformerDType { get; init; } = ScalarType.Float32;
    public ScalarType TextEncoderDType { get; init; } = ScalarType.BFloat16;
    public ScalarType VaeDType { get; init; } = ScalarType.BFloat16;
    public ScalarType AdapterDType { get; init; } = ScalarType.BFloat16;

    /// <summary>Standard deviation of every weight matrix, convolution kernel, embedding and pad token.</summary>
    public double WeightStd { get; init; } = 0.02;

    /// <summary>Standard deviation of both LoRA factors: B·A is then about a quarter of a weight's scale, so merging visibly changes outputs.</summary>
    public double AdapterStd { get; init; } = 0.05;

    public static TinyModelSpec Default { get; } = new();
}
