namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary><c>sample</c>: ai-toolkit's SampleConfig, plus our <c>network_multipliers</c>.</summary>
public static class SampleKeys
{
    public static readonly JobKeySection Section = new("sample",
    [
        JobKey.Honoured("sampler", "ddpm"),
        JobKey.Honoured("sample_every", "100"),
        JobKey.Honoured("sample_start_step", "0", "no periodic sample before this step"),
        JobKey.Honoured("width", "512"),
        JobKey.Honoured("height", "512"),
        JobKey.Honoured("neg", "false"),
        JobKey.Honoured("seed", "0"),
        JobKey.Honoured("walk_seed", "false"),
        JobKey.Honoured("guidance_scale", "7"),
        JobKey.Honoured("sample_steps", "20"),
        JobKey.Honoured("network_multiplier", "1"),
        JobKey.DefaultOnly("guidance_rescale", "0.0", "not implemented by ZImageSweep"),
        JobKey.Honoured("format", "jpg"),
        JobKey.NoEffect("adapter_conditioning_scale", "1.0", "no adapter is sampled"),
        JobKey.DefaultOnly("extra_values", "[]", "not implemented by ZImageSweep"),
        JobKey.DefaultOnly("num_frames", "1", "Z-Image samples still images"),
        JobKey.NoEffect("fps", "16", "video models only"),
        JobKey.Honoured("prompts", "[]", "legacy list of prompt strings"),
        JobKey.Honoured("samples", "[]"),
        JobKey.DefaultOnly("do_cfg_norm", "false", "not implemented by ZImageSweep"),
        JobKey.NoEffect("refiner_start_at", "0.5", "Z-Image has no refiner"),
        JobKey.Extension("network_multipliers", "[]", "every prompt is sampled once per listed LoRA weight"),
    ]);
}
