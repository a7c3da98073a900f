namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>One entry of <c>train.validation_config.validation_items</c>: ai-toolkit's ValidationItem.</summary>
public static class ValidationItemKeys
{
    public static readonly JobKeySection Section = new("train.validation_config.validation_items[]",
    [
        JobKey.Honoured("image_path", "''", "an empty path is skipped, as in ai-toolkit"),
        JobKey.Honoured("prompt", "''", "[trigger] is replaced by the trigger word"),
    ]);
}
