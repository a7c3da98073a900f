using System.Runtime.InteropServices;
using SkiaSharp;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Grids;
using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Imaging;

/// <summary>
/// Image files ↔ tensors with SkiaSharp.
/// <para>Load: JPEG, PNG or WebP → float32 [3, H, W] in [−1, 1] as ai-toolkit prepares training images
/// (<c>exif_transpose</c>, <c>convert("RGB")</c>, <c>ToTensor</c>, <c>Normalize(0.5, 0.5)</c>): the EXIF orientation
/// is applied, colour profiles are ignored (like PIL), and <b>alpha is dropped</b>, keeping the stored
/// (unpremultiplied) RGB of transparent pixels, which is what PIL's <c>convert("RGB")</c> does.</para>
/// <para>Save: [3, H, W] in [0, 1] → ×255, rounded (half to even, as numpy's <c>round</c> in the official code),
/// uint8 → PNG or JPEG by extension. The write is atomic.</para>
/// </summary>
public static class ImageFile
{
    public static IReadOnlySet<string> SupportedExtensions { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".webp" };

    /// <summary>Larger images are refused instead of allocating gigabytes (PIL's bomb limit is 179 M pixels).</summary>
    public const long MaxPixels = 1L << 28;

    public const int DefaultJpegQuality = 95;

    static readonly Scalar ByteMax = 255.ToScalar(); // held (HeldScalars)

    /// <returns>float32 (3, H, W) in [−1, 1], upright.</returns>
    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="ImageDecodeException">the extension is unsupported or the file is corrupt or truncated.</exception>
    public static Tensor Load(string path)
    {
        if (!SupportedExtensions.Contains(Path.GetExtension(path)))
            throw new ImageDecodeException(path, $"unsupported image type; expected one of {string.Join(", ", SupportedExtensions)}");
        if (!File.Exists(path)) throw new FileNotFoundException($"image not found: {path}", path);

        var (rgba, width, height, origin) = DecodeRgba(path);
        using var scope = NewDisposeScope();
        // h w c -> c h w, dropping alpha.
        Tensor pixels = tensor(rgba, [height, width, 4])[.., .., ..3].permute(2, 0, 1); // (3, H, W) uint8
        pixels = ExifOrientation.Apply(pixels, origin);                                 // (3, H', W') uint8
        // torchvision's ToTensor then Normalize(0.5, 0.5), in the same order and dtype.
        Tensor image = pixels.to(ScalarType.Float32).div(ByteMax).sub(HeldScalars.Half).div(HeldScalars.Half); // (3, H', W') in [−1, 1]
        return image.contiguous().MoveToOuterDisposeScope();
    }

    /// <param name="image">(3, H, W) in [0, 1]; values outside are clamped.</param>
    /// <param name="jpegQuality">used for .jpg / .jpeg only.</param>
    /// <exception cref="ArgumentException">the tensor is not [3, H, W] or the extension is not .png / .jpg / .jpeg.</exception>
    public static void Save(Tensor image, string path, int jpegQuality = DefaultJpegQuality)
    {
        SKEncodedImageFormat format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => SKEncodedImageFormat.Png,
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            _ => throw new ArgumentException($"{path}: can only save .png, .jpg or .jpeg", nameof(path)),
        };
        if (image.dim() != 3 || image.shape[0] != 3)
            throw new ArgumentException($"{path}: expected an image [3, H, W], got {ShapeText.Of(image.shape)}", nameof(image));
        int height = checked((int)image.shape[1]), width = checked((int)image.shape[2]);

        byte[] rgba;
        using (var scope = NewDisposeScope())
        {
            Tensor bytes = image.detach().to(ScalarType.Float32).cpu().clamp(HeldScalars.Zero, HeldScalars.One).mul(ByteMax).round().to(ScalarType.Byte); // (3, H, W)
            Tensor alpha = full([1, height, width], ByteMax, ScalarType.Byte);
            // c h w -> h w c with an opaque alpha channel.
            rgba = cat([bytes, alpha], 0).permute(1, 2, 0).contiguous().data<byte>().ToArray();   // (H, W, 4)
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        AtomicFile.Write(path, stream =>
        {
            if (!bitmap.Encode(stream, format, format == SKEncodedImageFormat.Jpeg ? jpegQuality : 100))
                throw new IOException($"{path}: SkiaSharp could not encode the image as {format}");
        });
    }

    /// <summary>Decodes the first frame to unpremultiplied RGBA8888 without colour conversion.</summary>
    static unsafe (byte[] Rgba, int Width, int Height, SKEncodedOrigin Origin) DecodeRgba(string path)
    {
        using var stream = File.OpenRead(path);
        using SKCodec? codec = SKCodec.Create(stream, out SKCodecResult created);
        if (codec is null) throw new ImageDecodeException(path, $"not a readable JPEG, PNG or WebP image ({created})");

        int width = codec.Info.Width, height = codec.Info.Height;
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
            throw new ImageDecodeException(path, $"unsupported image size {width}×{height}");
        // A null colour space means no colour-space conversion, as PIL ignores embedded ICC profiles.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize64];
        SKCodecResult result;
        fixed (byte* pixels = rgba) result = codec.GetPixels(info, (IntPtr)pixels);
        // Skia fills the missing rows of a truncated file and reports IncompleteInput; PIL raises, and so do we.
        if (result != SKCodecResult.Success)
            throw new ImageDecodeException(path, result == SKCodecResult.IncompleteInput
                ? "the file is truncated (incomplete image data)"
                : $"the image data is corrupt ({result})");
        return (rgba, width, height, codec.EncodedOrigin);
    }
}
