using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>model</c>: which checkpoint is trained and how the frozen base is held in memory (docs/training.md#model).</summary>
public sealed record ModelConfig
{
    public ModelArch Arch { get; init; } = ModelArch.ZImageTurbo;
    public string NameOrPath { get; init; } = "";
    /// <summary>Source of tokenizer, text encoder and VAE; ai-toolkit falls back to <see cref="NameOrPath"/>.</summary>
    public string ExtrasNameOrPath { get; init; } = "";
    /// <summary>The training adapter (local file or <c>org/repo/file.safetensors</c>); only for <c>zimage:turbo</c>.</summary>
    public string? AssistantLoraPath { get; init; }
    public bool LowVram { get; init; }
    public bool Quantize { get; init; }
    public QuantizeType QType { get; init; } = QuantizeType.Float8;
    public bool QuantizeTextEncoder { get; init; }
    public QuantizeType QTypeTextEncoder { get; init; } = QuantizeType.Float8;
    /// <summary>Null unless <c>layer_offloading</c> (or its old name <c>auto_memory</c>) is on.</summary>
    public LayerOffloadingConfig? LayerOffloading { get; init; }

    internal static ModelConfig Read(MappingScope s)
    {
        var arch = s.Enum("arch", ModelArch.ZImageTurbo);
        string nameOrPath = s.RequiredString("name_or_path");
        bool quantize = s.Bool("quantize", false);
        var config = new ModelConfig
        {
            Arch = arch,
            NameOrPath = nameOrPath,
            ExtrasNameOrPath = s.OptionalString("extras_name_or_path") ?? nameOrPath,
            AssistantLoraPath = s.OptionalString("assistant_lora_path"),
            LowVram = s.Bool("low_vram", false),
            Quantize = quantize,
            QType = s.Enum("qtype", QuantizeType.Float8),
            // ai-toolkit: quantize_te defaults to quantize.
            QuantizeTextEncoder = s.Bool("quantize_te", quantize),
            QTypeTextEncoder = s.Enum("qtype_te", QuantizeType.Float8),
            LayerOffloading = ReadLayerOffloading(s),
        };
        if (config.AssistantLoraPath is not null && arch != ModelArch.ZImageTurbo)
            s.Error("assistant_lora_path", $"the training adapter is only used with arch {ConfigEnum.Name(ModelArch.ZImageTurbo)}; remove it or change model.arch");
        s.RejectUnknownKeys(ModelKeys.Section);
        return config;
    }

    /// <summary>
    /// ai-toolkit reads <c>layer_offloading</c> with <c>auto_memory</c> as its default; the percents are checked
    /// whether or not offloading is on, since a share outside 0..1 is a mistake either way.
    /// </summary>
    static LayerOffloadingConfig? ReadLayerOffloading(MappingScope s)
    {
        bool on = s.Bool("layer_offloading", s.Bool("auto_memory", false));
        double transformer = s.Double("layer_offloading_transformer_percent", LayerOffloadingConfig.DefaultShare, DoubleRange.UnitInterval);
        double textEncoder = s.Double("layer_offloading_text_encoder_percent", LayerOffloadingConfig.DefaultShare, DoubleRange.UnitInterval);
        return on ? new LayerOffloadingConfig(transformer, textEncoder) : null;
    }
}
