namespace ZImageSweep.Engine.Config;

/// <summary><c>sample</c>: preview images rendered during training (TRAINING.md §2.8).</summary>
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
    public ImageFormat Format { get; init; } = ImageFormat.Jpg;
    /// <summary><c>samples</c>, or the legacy <c>prompts: [text]</c> turned into prompt entries.</summary>
    public IReadOnlyList<SamplePrompt> Samples { get; init; } = [];

    public const int MinSize = 16;
    public const int MaxSize = 4096;

    /// <summary>
    /// ai-toolkit's code defaults (guidance 7, 20 steps) are wrong for every Z-Image variant; unset values take the
    /// per-architecture values its UI fills in (TRAINING.md §2.8).
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
        };
        s.RejectUnknownKeys();
        return config;
    }
}
