using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>sample</c>: preview images rendered during training (docs/training.md#sample).</summary>
public sealed record SampleConfig
{
    public SamplerKind Sampler { get; init; } = SamplerKind.FlowMatch;
    public int SampleEvery { get; init; } = 100;
    public int SampleStartStep { get; init; }
    public int Width { get; init; } = 512;
    public int Height { get; init; } = 512;
    public string Neg { get; init; } = "";
    public long Seed { get; init; }
    /// <summary>Seed + i for prompt i, instead of one seed for all.</summary>
    public bool WalkSeed { get; init; }
    public double GuidanceScale { get; init; }
    public int SampleSteps { get; init; }
    public double NetworkMultiplier { get; init; } = 1.0;
    /// <summary>Our extension: every prompt is sampled once per listed LoRA weight; empty = once at its own weight.</summary>
    public IReadOnlyList<double> NetworkMultipliers { get; init; } = [];
    public ImageFormat Format { get; init; } = ImageFormat.Jpg;
    /// <summary><c>samples</c>, or the legacy <c>prompts: [text]</c> turned into prompt entries.</summary>
    public IReadOnlyList<SamplePrompt> Samples { get; init; } = [];

    /// <summary>Wider than any useful LoRA strength, narrow enough to catch a slip such as 80 for 0.8.</summary>
    public static readonly DoubleRange LoraWeightRange = new(-4, false, 4, false);

    public const int MinSize = 16;
    public const int MaxSize = 4096;

    /// <summary>
    /// ai-toolkit's code defaults (guidance 7, 20 steps) are wrong for every Z-Image variant; unset values take the
    /// per-architecture values its UI fills in (docs/training.md#sample).
    /// </summary>
    public static (double GuidanceScale, int SampleSteps) ArchDefaults(ModelArch arch) => arch switch
    {
        ModelArch.ZImageTurbo => (1, 9),
        ModelArch.ZImageDeTurbo => (3, 25),
        _ => (4, 30),
    };

    internal static SampleConfig Read(MappingScope s, ModelArch arch)
    {
        var (guidance, steps) = ArchDefaults(arch);
        var samples = s.MappingList("samples").Select(SamplePrompt.Read).ToList();
        samples.AddRange(s.StringList("prompts").Select(p => new SamplePrompt { Prompt = p }));
        if (s.Has("samples") && s.Has("prompts")) s.Error("prompts", "give prompts either as 'samples' or as the legacy 'prompts', not both");
        var config = new SampleConfig
        {
            Sampler = s.Enum("sampler", SamplerKind.FlowMatch),
            SampleEvery = s.Int("sample_every", 100, min: 1),
            SampleStartStep = s.Int("sample_start_step", 0, min: 0),
            Width = s.Int("width", 512, MinSize, MaxSize),
            Height = s.Int("height", 512, MinSize, MaxSize),
            Neg = s.String("neg", ""),
            Seed = s.OptionalInt("seed", min: 0) ?? 0,
            WalkSeed = s.Bool("walk_seed", false),
            GuidanceScale = s.Double("guidance_scale", guidance, DoubleRange.NonNegative),
            SampleSteps = s.Int("sample_steps", steps, 1, 1000),
            NetworkMultiplier = s.Double("network_multiplier", 1.0, DoubleRange.Any),
            Format = s.Enum("format", ImageFormat.Jpg),
            Samples = samples,
            NetworkMultipliers = s.DoubleList("network_multipliers", [], LoraWeightRange),
        };
        CheckNetworkMultipliers(s, config);
        s.RejectUnknownKeys(SampleKeys.Section);
        return config;
    }

    /// <summary>A weight list replaces the single weights, so it must not be combined with them or repeat itself.</summary>
    static void CheckNetworkMultipliers(MappingScope s, SampleConfig config)
    {
        if (!s.Has("network_multipliers")) return;
        if (s.Get("network_multipliers") is YamlSequenceNode { Children.Count: 0 })
            s.Error("network_multipliers", "must list at least one LoRA weight");
        if (config.NetworkMultipliers.Distinct().Count() < config.NetworkMultipliers.Count)
            s.Error("network_multipliers", "lists a weight twice; give each weight once");
        if (s.Has("network_multiplier"))
            s.Error("network_multiplier", "give either network_multiplier or network_multipliers, not both");
        for (int i = 0; i < config.Samples.Count; i++)
            if (config.Samples[i].NetworkMultiplier is not null)
                s.Error($"samples[{i}].network_multiplier", "cannot be combined with sample.network_multipliers, which sets the weights of every prompt");
    }
}
