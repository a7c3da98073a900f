namespace ZImageSweep.Engine.Weights;

/// <summary>How a transformer checkpoint is packaged on disk.</summary>
public enum WeightLayout
{
    /// <summary>A diffusers pipeline folder (model_index.json) or a component folder (config.json + weights).</summary>
    DiffusersFolder,

    /// <summary>A single safetensors file or sharded index with diffusers key names.</summary>
    DiffusersFile,

    /// <summary>A single file with ComfyUI / original key names (fused qkv, optional <c>model.diffusion_model.</c> prefix).</summary>
    ComfyUiFile,
}
