using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>One entry of <c>datasets</c>: an image folder with captions (docs/training.md#datasets).</summary>
public sealed record DatasetConfig
{
    public string FolderPath { get; init; } = "";
    /// <summary>Caption file extension, normalised to start with a dot as ai-toolkit does (<c>txt</c> → <c>.txt</c>).</summary>
    public string CaptionExt { get; init; } = ".txt";
    public string? DefaultCaption { get; init; }
    /// <summary>Per-dataset trigger word; null falls back to the process-level <c>trigger_word</c>.</summary>
    public string? TriggerWord { get; init; }
    public double CaptionDropoutRate { get; init; }
    /// <summary>Training resolutions; the dataset is used once per entry.</summary>
    public IReadOnlyList<int> Resolution { get; init; } = [512];
    public bool CacheLatents { get; init; }
    public bool CacheLatentsToDisk { get; init; }
    public int NumRepeats { get; init; } = 1;
    public bool FlipX { get; init; }
    /// <summary>Adds a vertically flipped copy of every example (of the x-flipped ones too), as ai-toolkit does.</summary>
    public bool FlipY { get; init; }
    /// <summary>Batch size for this dataset's batches; null takes <c>train.batch_size</c> (ai-toolkit 2026-08).</summary>
    public int? BatchSize { get; init; }
    /// <summary>LoRA strength while training on this dataset's batches (ai-toolkit's per-dataset network multiplier).</summary>
    public double NetworkWeight { get; init; } = 1.0;

    /// <summary>Smallest training resolution: one 16-pixel latent patch grid cell per side is the least that makes sense.</summary>
    public const int MinResolution = 16;
    public const int MaxResolution = 4096;

    internal static DatasetConfig Read(MappingScope s)
    {
        string ext = s.String("caption_ext", ".txt");
        var config = new DatasetConfig
        {
            FolderPath = s.RequiredString("folder_path"),
            CaptionExt = ext.StartsWith('.') ? ext : "." + ext,
            DefaultCaption = s.OptionalString("default_caption"),
            TriggerWord = s.OptionalString("trigger_word"),
            CaptionDropoutRate = s.Double("caption_dropout_rate", 0.0, DoubleRange.UnitInterval),
            Resolution = s.IntList("resolution", [512], MinResolution, MaxResolution),
            CacheLatents = s.Bool("cache_latents", false),
            CacheLatentsToDisk = s.Bool("cache_latents_to_disk", false),
            NumRepeats = s.Int("num_repeats", 1, min: 1),
            FlipX = s.Bool("flip_x", false),
            FlipY = s.Bool("flip_y", false),
            BatchSize = (int?)s.OptionalInt("batch_size", min: 1),
            NetworkWeight = s.Double("network_weight", 1.0, SampleConfig.LoraWeightRange),
        };
        s.RejectUnknownKeys(DatasetKeys.Section);
        return config;
    }
}
