namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>One entry of <c>sample.samples</c>: ai-toolkit's SampleItem.</summary>
public static class SamplePromptKeys
{
    public static readonly JobKeySection Section = new("sample.samples[]",
    [
        JobKey.Honoured("prompt", "null"),
        JobKey.Honoured("width", "null", "defaults to width"),
        JobKey.Honoured("height", "null", "defaults to height"),
        JobKey.Honoured("neg", "null", "defaults to neg"),
        JobKey.Honoured("seed", "null"),
        JobKey.Honoured("guidance_scale", "null", "defaults to guidance_scale"),
        JobKey.Honoured("sample_steps", "null", "defaults to sample_steps"),
        JobKey.NoEffect("fps", "null", "video models only"),
        JobKey.DefaultOnly("num_frames", "null", "Z-Image samples still images"),
        JobKey.DefaultOnly("ctrl_img", "null", "control images are not used by Z-Image"),
        JobKey.NoEffect("ctrl_idx", "0", "used only with ctrl_img"),
        JobKey.DefaultOnly("ctrl_img_1", "null", "not implemented by ZImageSweep"),
        JobKey.DefaultOnly("ctrl_img_2", "null", "not implemented by ZImageSweep"),
        JobKey.DefaultOnly("ctrl_img_3", "null", "not implemented by ZImageSweep"),
        JobKey.Honoured("network_multiplier", "null", "defaults to network_multiplier"),
        JobKey.DefaultOnly("do_cfg_norm", "false", "not implemented by ZImageSweep"),
    ]);
}
