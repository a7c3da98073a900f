using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>One entry of <c>train.validation_config.validation_items</c>: an image and its prompt.</summary>
public sealed record ValidationItemConfig
{
    /// <summary>Empty for an item the UI added but never filled in; such items are skipped, as in ai-toolkit.</summary>
    public string ImagePath { get; init; } = "";
    public string Prompt { get; init; } = "";

    internal static ValidationItemConfig Read(MappingScope s)
    {
        var config = new ValidationItemConfig
        {
            ImagePath = s.String("image_path", ""),
            Prompt = s.String("prompt", ""),
        };
        s.RejectUnknownKeys(ValidationItemKeys.Section);
        return config;
    }
}
