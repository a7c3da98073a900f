namespace ZImageSweep.Engine.Training.Data;

/// <summary>A training bucket: the pixel size images are resized and cropped to.</summary>
public readonly record struct Bucket(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}"; // ai-toolkit's bucket key
}

/// <summary>
/// ai-toolkit's aspect-ratio buckets (TRAINING.md §9): keep the image's aspect ratio, aim for min(w·h, res²)
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

    /// <summary>
    /// How to get from the image to its bucket: scale so the image covers the bucket (the larger ratio), then crop
    /// the centre. Returns the scaled size and the crop origin.
    /// </summary>
    public static (int ScaledWidth, int ScaledHeight, int CropX, int CropY) CoverAndCenterCrop(int imageWidth, int imageHeight, Bucket bucket)
    {
        double scale = Math.Max(bucket.Width / (double)imageWidth, bucket.Height / (double)imageHeight);
        int scaledWidth = Math.Max(bucket.Width, (int)Math.Ceiling(imageWidth * scale));
        int scaledHeight = Math.Max(bucket.Height, (int)Math.Ceiling(imageHeight * scale));
        return (scaledWidth, scaledHeight, (scaledWidth - bucket.Width) / 2, (scaledHeight - bucket.Height) / 2);
    }
}
