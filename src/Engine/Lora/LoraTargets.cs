using ZImageSweep.Contracts.Packing;

namespace ZImageSweep.Engine.Lora;

/// <summary>
/// Which Linear layers a trained Z-Image LoRA covers: <see cref="LoraTargetModules"/> (shared with the scheduler's
/// memory estimate) under ai-toolkit's <c>network_kwargs</c> substring filters.
/// </summary>
public sealed record LoraTargets(IReadOnlyList<string>? OnlyIfContains = null, IReadOnlyList<string>? IgnoreIfContains = null)
{
    public static IReadOnlyList<string> ModuleSuffixes => LoraTargetModules.Suffixes;

    public bool Includes(string modulePath) => LoraTargetModules.Includes(modulePath, OnlyIfContains, IgnoreIfContains);
}
