using static TorchSharp.torch;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>How to assemble a <see cref="ZImagePipeline"/>.</summary>
public sealed record ZImagePipelineOptions
{
    /// <summary>The transformer: a Hub name (<c>Tongyi-MAI/Z-Image-Turbo</c>), a diffusers folder, or a single file.</summary>
    public required string Model { get; init; }

    /// <summary>Text encoder, tokenizer, VAE and scheduler from this diffusers folder instead of the model's (ai-toolkit's <c>extras_name_or_path</c>).</summary>
    public string? Extras { get; init; }

    /// <summary>Device and dtype of the transformer and text encoder.</summary>
    public ComputeTarget Target { get; init; } = ComputeTarget.Cpu;

    /// <summary>The official code runs the VAE in fp32 whatever the transformer's dtype; it is small (0.3 GB).</summary>
    public ScalarType VaeDType { get; init; } = ScalarType.Float32;

    /// <summary>
    /// Free the text encoder after each run's prompts are encoded (Qwen3-4B is 8 GB in bf16); the next run loads it
    /// again from disk. Off by default: repeated runs then skip the reload.
    /// </summary>
    public bool ReleaseTextEncoder { get; init; }

    /// <summary>
    /// Build the transformer's blocks in host memory (in the target dtype) and leave them there, for a training base
    /// prepared block by block (Offloading/TransformerHostLoad: float8, layer offloading); the text encoder then loads
    /// on first use, after that preparation, so the device never holds the full-precision transformer and the 8 GB
    /// encoder together. Off: everything is built on the target device (fastest).
    /// </summary>
    public bool TransformerBlocksOnHost { get; init; }

    /// <summary>
    /// Store the text encoder's Linear weights as float8 once it is loaded (ai-toolkit's <c>model.quantize_te</c> with
    /// <c>qtype_te: qfloat8</c>): half of its 8 GB while captions are encoded, and the caption features ai-toolkit's
    /// quantized encoder gives.
    /// </summary>
    public bool QuantizeTextEncoder { get; init; }

    /// <summary>
    /// ai-toolkit's <c>layer_offloading_text_encoder_percent</c> as a share in 0..1 when <c>model.layer_offloading</c> is
    /// on (null: off): that share of the text encoder's decoder layers keeps its frozen weights in pinned host memory
    /// and is copied to the device just before each layer runs, and the encoder loads via host, one layer on the device
    /// at a time beside the resident ones (<see cref="LoadedTextEncoder"/>).
    /// </summary>
    public double? TextEncoderOffloadShare { get; init; }

    /// <summary>Where the pipeline reports how it loaded a part (the text encoder via host and its offloading); null: nowhere.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Tokens per prompt, template included (Z-Image's <c>max_sequence_length</c>).</summary>
    public int MaxSequenceLength { get; init; } = Text.ZImagePromptTokenizer.MaxSequenceLength;
}
