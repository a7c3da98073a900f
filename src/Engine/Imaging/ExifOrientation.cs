using SkiaSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Imaging;

/// <summary>
/// Applies an EXIF orientation to a [C, H, W] tensor so the image shows upright, as PIL's <c>exif_transpose</c>
/// does before training data is used. Only flips and transposes: pixels are moved, never resampled.
/// </summary>
public static class ExifOrientation
{
    public static Tensor Apply(Tensor image, SKEncodedOrigin origin) => origin switch // image (C, H, W)
    {
        SKEncodedOrigin.TopLeft => image.alias(),
        SKEncodedOrigin.TopRight => image.flip(2),                       // mirror left-right
        SKEncodedOrigin.BottomRight => image.flip(1, 2),                 // rotate 180°
        SKEncodedOrigin.BottomLeft => image.flip(1),                     // mirror top-bottom
        SKEncodedOrigin.LeftTop => image.transpose(1, 2),                // transpose: (r, c) -> (c, r)
        SKEncodedOrigin.RightTop => image.transpose(1, 2).flip(2),       // rotate 90° clockwise: (r, c) -> (c, H-1-r)
        SKEncodedOrigin.RightBottom => image.transpose(1, 2).flip(1, 2), // transverse: (r, c) -> (W-1-c, H-1-r)
        SKEncodedOrigin.LeftBottom => image.transpose(1, 2).flip(1),     // rotate 90° counter-clockwise: (r, c) -> (W-1-c, r)
        _ => image.alias(), // unknown values: leave as stored (PIL does the same)
    };
}
