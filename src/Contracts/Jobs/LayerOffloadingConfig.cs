namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// ai-toolkit's <c>model.layer_offloading</c> (toolkit/config_modules.py and toolkit/memory_management at
/// ostris/ai-toolkit 27a03a9): the share in 0..1 of the transformer blocks whose frozen weights are kept in host
/// memory and brought to the GPU only while they compute, and the share of the text encoder's decoder layers treated
/// the same way while captions are encoded (docs/training.md#layer-offloading).
/// </summary>
public sealed record LayerOffloadingConfig(double TransformerShare, double TextEncoderShare)
{
    /// <summary>ai-toolkit's default for the percents: everything offloaded.</summary>
    public const double DefaultShare = 1.0;
}
