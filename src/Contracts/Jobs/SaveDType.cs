namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>save.dtype</c>: the dtype LoRA tensors are cast to when saved.</summary>
public enum SaveDType
{
    [ConfigName("float16"), ConfigName("fp16")] Float16,
    [ConfigName("bf16"), ConfigName("bfloat16")] BFloat16,
    [ConfigName("fp32"), ConfigName("float32")] Float32,
}
