namespace ZImageSweep.Engine.Training.Data;

/// <summary>A training bucket: the pixel size images are resized and cropped to.</summary>
public readonly record struct Bucket(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}"; // ai-toolkit's bucket key
}

/// <summary>
/// ai-toolkit's aspect-ratio buckets (docs/training.md#buckets): keep the image's aspect ratio, aim for min(w·h, res²)
/// pixels (never upscale), and snap both sides to the divisibility (16 for Z-Image: VAE ×8 times patch 2).
/// </summary>
public static class BucketResolver
{
    public const int ZImageDivisibility = 16;

    public static Bucket For(int imageWidth, int imageHeight, int resolution, int divisibility = ZImageDivisibility)
    {
        if (imageWidth <= 0 || imageHeight <= 0) throw new ArgumentOutOfRangeException(nameof(imageWidth), $"image size {imageWidth}x{imageHeight} is not positive");
        if (resolution < divisibility) throw new ArgumentOutOfRangeException(nameof(resolution), $"resolution {resolution} is below the bucket divisibility {divisibility}");
        double maxArea = (double)resolution * resolution;
        double target = Math.Min((double)imageWidth * imageHeight, maxArea);
        double scaler = Math.Sqrt(target / ((double)imageWidth * imageHeight));
        double w = imageWidth * scaler / divisibility, h = imageHeight * scaler / divisibility;

        // The four floor/ceil combinations, dropping those over res² or empty; the area closest to the target wins.
        var candidates =
            from cw in new[] { Math.Floor(w), Math.Ceiling(w) }
            from ch in new[] { Math.Floor(h), Math.Ceiling(h) }
            let bw = (int)cw * divisibility
            let bh = (int)ch * divisibility
            where bw > 0 && bh > 0 && (double)bw * bh <= maxArea
            select new Bucket(bw, bh);
        return candidates
            .OrderBy(b => Math.Abs((double)b.Width * b.Height - target))
            .DefaultIfEmpty(new Bucket(divisibility, divisibility))
            .First();
    }
}
