namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary><c>network.network_kwargs</c>: the module filters ai-toolkit passes to its LoRA network.</summary>
public static class NetworkKwargsKeys
{
    public static readonly JobKeySection Section = new("network.network_kwargs",
    [
        JobKey.Honoured("only_if_contains", "[]", "module-name substrings a target must contain"),
        JobKey.Honoured("ignore_if_contains", "[]", "module-name substrings that exclude a target"),
    ]);
}
