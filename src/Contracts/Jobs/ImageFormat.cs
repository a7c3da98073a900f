namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>sample.format</c>: the file type of sample images.</summary>
public enum ImageFormat
{
    [ConfigName("jpg"), ConfigName("jpeg")] Jpg,
    [ConfigName("png")] Png,
    [ConfigName("webp")] Webp,
}
