using SkiaSharp;

namespace ZImageSweep.Contracts.Grids;

/// <summary>
/// The typeface every drawn label uses: WenQuanYi Micro Hei (Latin and CJK in one face, Apache-2.0,
/// Fonts/LICENSE-wqy-microhei.txt), embedded in this assembly. SkiaSharp's own default typeface comes from the
/// machine's fonts, and GPU hosts and PyTorch containers often have none, which left grid labels blank there.
/// </summary>
public static class LabelTypeface
{
    const string ResourceName = "ZImageSweep.Contracts.Fonts.wqy-microhei.ttc";

    static readonly Lazy<SKTypeface> Shared = new(Load);

    /// <summary>The embedded face, loaded once and kept for the life of the process (typefaces are immutable).</summary>
    public static SKTypeface Default => Shared.Value;

    static SKTypeface Load()
    {
        using Stream stream = typeof(LabelTypeface).Assembly.GetManifestResourceStream(ResourceName)
                              ?? throw new InvalidOperationException($"the embedded font {ResourceName} is missing from {typeof(LabelTypeface).Assembly.GetName().Name}");
        using SKData data = SKData.Create(stream);
        // Face 0 of the collection is the proportional Micro Hei; face 1 is its monospaced twin.
        return SKTypeface.FromData(data, 0) ?? throw new InvalidOperationException($"the embedded font {ResourceName} cannot be read by SkiaSharp");
    }
}
