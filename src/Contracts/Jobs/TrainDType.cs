namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train.dtype</c>: model and activation dtype during training (LoRA weights are always fp32).</summary>
public enum TrainDType
{
    [ConfigName("fp32"), ConfigName("float32")] Float32,
    [ConfigName("bf16"), ConfigName("bfloat16")] BFloat16,
}
