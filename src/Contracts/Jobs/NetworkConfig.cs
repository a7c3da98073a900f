using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>network</c>: the LoRA adapter trained on the transformer's <c>layers.N</c> blocks (docs/training.md#network).</summary>
public sealed record NetworkConfig
{
    public NetworkType Type { get; init; } = NetworkType.Lora;
    /// <summary><c>linear</c> (alias <c>rank</c>): the LoRA rank.</summary>
    public int Linear { get; init; } = 4;
    /// <summary>
    /// <c>linear_alpha</c> (alias <c>alpha</c>): accepted and saved, but ignored: ai-toolkit trains transformer LoRAs in
    /// "peft format", which forces alpha = rank, so the effective scale is always 1.
    /// </summary>
    public double LinearAlpha { get; init; } = 1.0;
    /// <summary><c>network_kwargs.only_if_contains</c>: module-name substrings a target must contain (empty = all).</summary>
    public IReadOnlyList<string> OnlyIfContains { get; init; } = [];
    /// <summary><c>network_kwargs.ignore_if_contains</c>: module-name substrings that exclude a target; wins over only_if_contains.</summary>
    public IReadOnlyList<string> IgnoreIfContains { get; init; } = [];

    internal static NetworkConfig Read(MappingScope s)
    {
        var kwargs = s.Mapping("network_kwargs");
        var config = new NetworkConfig
        {
            Type = s.Enum("type", NetworkType.Lora),
            Linear = s.Int(s.Alias("linear", "rank"), 4, min: 1),
            LinearAlpha = s.Double(s.Alias("linear_alpha", "alpha"), 1.0, DoubleRange.Positive),
            OnlyIfContains = kwargs.StringList("only_if_contains"),
            IgnoreIfContains = kwargs.StringList("ignore_if_contains"),
        };
        kwargs.RejectUnknownKeys(NetworkKwargsKeys.Section);
        s.RejectUnknownKeys(NetworkKeys.Section);
        return config;
    }
}
