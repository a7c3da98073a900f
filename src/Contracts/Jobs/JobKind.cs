namespace ZImageSweep.Contracts.Jobs;

/// <summary>Top-level <c>job</c>: ai-toolkit runs LoRA training as an extension job.</summary>
public enum JobKind
{
    [ConfigName("extension")] Extension,
}
