using ZImageSweep.Engine.ModelConfigFiles;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>
/// The architecture numbers of a Qwen3 decoder (transformers' <c>Qwen3Config</c>, the subset that shapes the
/// weights and the math). Read from a model's <c>config.json</c> or a reference file's metadata with
/// <see cref="Qwen3ConfigReader"/>; <see cref="Qwen3_4B"/> is Z-Image's text encoder (docs/model.md#text-encoder-configuration).
/// </summary>
public sealed record Qwen3Config(
    int HiddenSize,
    int IntermediateSize,
    int NumHiddenLayers,
    int NumAttentionHeads,
    int NumKeyValueHeads,
    int HeadDim,
    int VocabSize,
    double RmsNormEps,
    double RopeTheta,
    int MaxPositionEmbeddings,
    bool TieWordEmbeddings)
{
    /// <summary>Qwen3-4B as shipped in Z-Image's <c>text_encoder/config.json</c> (Turbo and base are identical).</summary>
    public static Qwen3Config Qwen3_4B { get; } = new(
        HiddenSize: 2560,
        IntermediateSize: 9728,
        NumHiddenLayers: 36,
        NumAttentionHeads: 32,
        NumKeyValueHeads: 8,
        HeadDim: 128,
        VocabSize: 151936,
        RmsNormEps: 1e-6,
        RopeTheta: 1_000_000,
        MaxPositionEmbeddings: 40960,
        TieWordEmbeddings: true);

    /// <summary>Query heads served by each key/value head (grouped-query attention).</summary>
    public int KvGroups => NumAttentionHeads / NumKeyValueHeads;

    /// <summary>Checks the relations the model relies on; <paramref name="source"/> names where the values came from.</summary>
    /// <exception cref="ModelConfigException">a value is out of range or inconsistent.</exception>
    public Qwen3Config Validate(string source)
    {
        Positive(HiddenSize, "hidden_size");
        Positive(IntermediateSize, "intermediate_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(NumKeyValueHeads, "num_key_value_heads");
        Positive(HeadDim, "head_dim");
        Positive(VocabSize, "vocab_size");
        Positive(MaxPositionEmbeddings, "max_position_embeddings");
        if (NumAttentionHeads % NumKeyValueHeads != 0)
            throw new ModelConfigException(source, "num_key_value_heads",
                $"{NumKeyValueHeads} does not divide num_attention_heads {NumAttentionHeads}");
        if (HeadDim % 2 != 0)
            throw new ModelConfigException(source, "head_dim", $"{HeadDim} is odd; rotary embeddings need an even head size");
        if (!(RmsNormEps > 0)) throw new ModelConfigException(source, "rms_norm_eps", $"{RmsNormEps} must be > 0");
        if (!(RopeTheta > 0)) throw new ModelConfigException(source, "rope_theta", $"{RopeTheta} must be > 0");
        return this;

        void Positive(int value, string key)
        {
            if (value <= 0) throw new ModelConfigException(source, key, $"{value} must be > 0");
        }
    }
}
