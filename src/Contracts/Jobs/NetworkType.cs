namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>network.type</c>: the adapter kind. Only plain LoRA is implemented; other ai-toolkit kinds are rejected.</summary>
public enum NetworkType
{
    [ConfigName("lora")] Lora,
}
