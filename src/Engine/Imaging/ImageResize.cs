using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ZImageSweep.Engine.Imaging;

/// <summary>
/// Resizing for training buckets. Downsampling is antialiased bicubic (libtorch's <c>antialias=True</c>, the same
/// filter as PIL's BICUBIC resize), so high-frequency detail is averaged rather than aliased. Whether upscaling
/// is allowed is the caller's decision; these helpers do what they are asked.
/// </summary>
public static class ImageResize
{
    /// <summary>
    /// Scales the image so it covers <paramref name="targetWidth"/>×<paramref name="targetHeight"/> with its aspect
    /// ratio kept, then crops the centre (the surplus is split, the extra odd pixel goes to the right/bottom).
    /// </summary>
    /// <param name="image">(C, H, W) in [−1, 1] (as <see cref="ImageFile.Load"/> returns); the result is clamped to it.</param>
    /// <returns>(C, targetHeight, targetWidth), float32.</returns>
    public static Tensor ResizeAndCenterCrop(Tensor image, int targetWidth, int targetHeight)
    {
        CheckImage(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetHeight);
        long height = image.shape[1], width = image.shape[2];
        double scale = Math.Max(targetWidth / (double)width, targetHeight / (double)height);
        // Rounding may land a pixel short of the target on the covering side; never go below the target.
        int scaledWidth = Math.Max(targetWidth, (int)Math.Round(width * scale));
        int scaledHeight = Math.Max(targetHeight, (int)Math.Round(height * scale));

        using var scope = NewDisposeScope();
        Tensor scaled = Resize(image, scaledWidth, scaledHeight);        // (C, H', W')
        int left = (scaledWidth - targetWidth) / 2, top = (scaledHeight - targetHeight) / 2;
        Tensor cropped = scaled[.., top..(top + targetHeight), left..(left + targetWidth)]; // (C, th, tw)
        return cropped.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Resizes to exactly <paramref name="width"/>×<paramref name="height"/> (aspect ratio not kept).</summary>
    /// <param name="image">(C, H, W) in [−1, 1]; bicubic overshoot is clamped to that range.</param>
    /// <returns>(C, height, width), float32.</returns>
    public static Tensor Resize(Tensor image, int width, int height)
    {
        CheckImage(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        using var scope = NewDisposeScope();
        // Always a new tensor, so the caller may dispose input and result independently.
        if (image.shape[1] == height && image.shape[2] == width)
            return image.to(ScalarType.Float32, copy: true).contiguous().MoveToOuterDisposeScope();
        Tensor x = image.to(ScalarType.Float32);
        Tensor resized = interpolate(x.unsqueeze(0), size: [height, width], mode: InterpolationMode.Bicubic,
            align_corners: false, antialias: true).squeeze(0);          // (C, height, width)
        return resized.clamp(HeldScalars.MinusOne, HeldScalars.One).MoveToOuterDisposeScope();
    }

    static void CheckImage(Tensor image)
    {
        if (image.dim() != 3 || image.shape[1] == 0 || image.shape[2] == 0)
            throw new ArgumentException($"expected an image [C, H, W], got {ShapeText.Of(image.shape)}", nameof(image));
    }
}
