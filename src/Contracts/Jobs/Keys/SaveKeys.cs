namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary><c>save</c>: ai-toolkit's SaveConfig.</summary>
public static class SaveKeys
{
    public static readonly JobKeySection Section = new("save",
    [
        JobKey.Honoured("save_every", "1000"),
        JobKey.Honoured("dtype", "float16"),
        JobKey.Honoured("max_step_saves_to_keep", "5"),
        JobKey.NoEffect("save_format", "safetensors", "a LoRA is always written as .safetensors; the format matters only for full-model saves"),
        JobKey.DefaultOnly("push_to_hub", "false", "uploading to the Hugging Face Hub is not supported"),
        JobKey.NoEffect("hf_repo_id", "null", "used only with push_to_hub"),
        JobKey.NoEffect("hf_private", "false", "used only with push_to_hub"),
    ]);
}
