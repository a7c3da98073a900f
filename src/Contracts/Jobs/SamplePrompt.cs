using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>One entry of <c>sample.samples</c>; unset fields take the <c>sample</c> section's values.</summary>
public sealed record SamplePrompt
{
    public string Prompt { get; init; } = "";
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? Neg { get; init; }
    public long? Seed { get; init; }
    public double? GuidanceScale { get; init; }
    public int? SampleSteps { get; init; }
    public double? NetworkMultiplier { get; init; }

    internal static SamplePrompt Read(MappingScope s)
    {
        var config = new SamplePrompt
        {
            Prompt = s.RequiredString("prompt"),
            Width = (int?)s.OptionalInt("width", SampleConfig.MinSize, SampleConfig.MaxSize),
            Height = (int?)s.OptionalInt("height", SampleConfig.MinSize, SampleConfig.MaxSize),
            Neg = s.OptionalString("neg"),
            Seed = s.OptionalInt("seed", min: 0),
            GuidanceScale = s.OptionalDouble("guidance_scale", DoubleRange.NonNegative),
            SampleSteps = (int?)s.OptionalInt("sample_steps", 1, 1000),
            NetworkMultiplier = s.OptionalDouble("network_multiplier", DoubleRange.Any),
        };
        s.RejectUnknownKeys(SamplePromptKeys.Section);
        return config;
    }
}
