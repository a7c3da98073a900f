namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary><c>network</c>: ai-toolkit's NetworkConfig.</summary>
public static class NetworkKeys
{
    public static readonly JobKeySection Section = new("network",
    [
        JobKey.Honoured("type", "lora"),
        JobKey.Honoured("rank", "4", "another name for linear"),
        JobKey.Honoured("linear", "4"),
        JobKey.NoEffect("conv", "null", "Z-Image LoRA targets no conv layer"),
        JobKey.Honoured("alpha", "1.0", "another name for linear_alpha"),
        JobKey.Honoured("linear_alpha", "1.0", "saved; ai-toolkit trains Z-Image LoRAs in peft format, where alpha = rank"),
        JobKey.NoEffect("conv_alpha", "null", "Z-Image LoRA targets no conv layer"),
        JobKey.DefaultOnly("dropout", "null", "LoRA dropout is not implemented"),
        JobKey.Honoured("network_kwargs", "{}", "only_if_contains and ignore_if_contains"),
        JobKey.DefaultOnly("lorm", "null", "LoRM is not implemented"),
        JobKey.DefaultOnly("transformer_only", "true", "only transformer LoRAs are supported for Z-Image"),
        JobKey.NoEffect("lokr_full_rank", "true", "used only by network.type lokr"),
        JobKey.NoEffect("lokr_factor", "-1", "used only by network.type lokr"),
        JobKey.NoEffect("old_lokr_format", "false", "used only by network.type lokr"),
        JobKey.NoEffect("split_multistage_loras", "true", "Z-Image is a single-stage model"),
        JobKey.DefaultOnly("layer_offloading", "false", "the LoRA weights and their optimizer state stay on the GPU (model.layer_offloading offloads the frozen base)"),
        JobKey.DefaultOnly("pretrained_lora_path", "null", "training always starts from a fresh LoRA"),
        JobKey.DefaultOnly("all_layers", "false", "only linear layers get LoRA"),
    ]);
}
