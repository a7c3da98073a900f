using YamlDotNet.RepresentationModel;

namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>
/// One key of the job schema: its name, ai-toolkit's default (as YAML flow text), what ZImageSweep does with it and
/// why. A <see cref="KeyHandling.DefaultOnly"/> key refuses any value but its default (<see cref="Refusal"/>).
/// </summary>
public sealed record JobKey(string Name, string Default, KeyHandling Handling, string Note)
{
    YamlNode? _default;

    /// <summary>ai-toolkit's default as a node; a null default is a null scalar.</summary>
    public YamlNode DefaultNode => _default ??= YamlValues.ParseFlow(Default);

    public static JobKey Honoured(string name, string @default, string note = "") => new(name, @default, KeyHandling.Honoured, note);

    public static JobKey NoEffect(string name, string @default, string why) => new(name, @default, KeyHandling.NoEffect, why);

    public static JobKey DefaultOnly(string name, string @default, string why) => new(name, @default, KeyHandling.DefaultOnly, why);

    public static JobKey Extension(string name, string @default, string note = "") => new(name, @default, KeyHandling.Extension, note);

    /// <summary>Why <paramref name="value"/> is refused (naming the value and what is supported), or null when it is accepted.</summary>
    public string? Refusal(YamlNode value)
    {
        if (Handling != KeyHandling.DefaultOnly || YamlValues.SameValue(value, DefaultNode)) return null;
        return $"{YamlValues.Describe(value)} is not supported: {Note}; remove the key or set it to {Default}";
    }
}
