using System.Globalization;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>A LoRA to apply for one run: a local path or a Hub <c>org/repo/file.safetensors</c>, and its multiplier.</summary>
public sealed record LoraSpec(string NameOrPath, double Weight = 1.0)
{
    /// <summary>
    /// <c>path</c> or <c>path:weight</c>. The text after the last ':' is a weight only when it parses as a number, so
    /// paths that contain colons still work; without one, <paramref name="defaultWeight"/> applies.
    /// </summary>
    /// <exception cref="FormatException">the path is empty or the weight is not finite.</exception>
    public static LoraSpec Parse(string text, double defaultWeight = 1.0)
    {
        string path = text;
        double weight = defaultWeight;
        int colon = text.LastIndexOf(':');
        if (colon >= 0 && double.TryParse(text[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
        {
            path = text[..colon];
            weight = parsed;
        }
        if (string.IsNullOrWhiteSpace(path)) throw new FormatException($"'{text}' names no LoRA file (expected path or path:weight)");
        if (!double.IsFinite(weight)) throw new FormatException($"'{text}': the weight must be a finite number");
        return new LoraSpec(path, weight);
    }

    public override string ToString() => $"{NameOrPath}:{Weight.ToString(CultureInfo.InvariantCulture)}";
}
