using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train.ema_config</c>: an exponential moving average of the LoRA weights.</summary>
public sealed record EmaConfig
{
    public bool UseEma { get; init; }
    public double EmaDecay { get; init; } = 0.999;

    internal static EmaConfig Read(MappingScope s)
    {
        var config = new EmaConfig
        {
            UseEma = s.Bool("use_ema", false),
            EmaDecay = s.Double("ema_decay", 0.999, DoubleRange.OpenUnitInterval),
        };
        s.RejectUnknownKeys(EmaKeys.Section);
        return config;
    }
}
