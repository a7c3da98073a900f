namespace ZImageSweep.Engine.Training.Data;

/// <summary>
/// ai-toolkit's caption handling (docs/training.md#captions): placeholders, trigger injection, caption dropout and the
/// Differential Output Preservation caption. Pure functions; randomness is passed in.
/// </summary>
public static class CaptionRules
{
    static readonly string[] Placeholders = ["[trigger]", "[name]"];

    /// <summary>Replaces [trigger] / [name] by the trigger word (by nothing without one); used for sample prompts too.</summary>
    public static string ReplacePlaceholders(string text, string? trigger)
    {
        foreach (string placeholder in Placeholders) text = text.Replace(placeholder, trigger ?? "", StringComparison.Ordinal);
        return text;
    }

    /// <summary>
    /// The training caption: placeholders replaced, then the trigger prepended ("trigger caption") when the caption
    /// does not already contain it. A dropped caption (<paramref name="dropped"/>) becomes the trigger alone.
    /// </summary>
    public static string ForTraining(string caption, string? trigger, bool dropped)
    {
        string text = dropped ? "" : ReplacePlaceholders(caption, trigger);
        if (string.IsNullOrEmpty(trigger) || text.Contains(trigger, StringComparison.Ordinal)) return text;
        return text.Length == 0 ? trigger : $"{trigger} {text}";
    }

    /// <summary>The DOP prior caption: the training caption with the trigger replaced by the class word.</summary>
    public static string ForPreservation(string trainingCaption, string trigger, string classWord) =>
        trainingCaption.Replace(trigger, classWord, StringComparison.Ordinal);

    /// <summary>The caption stored for an image: its caption file, else the dataset default (also for an empty file).</summary>
    public static string Resolve(string? captionFileText, string? defaultCaption)
    {
        string text = captionFileText?.Trim() ?? "";
        return text.Length > 0 ? text : defaultCaption ?? "";
    }
}
