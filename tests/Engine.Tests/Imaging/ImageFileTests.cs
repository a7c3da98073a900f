using SkiaSharp;
using TorchSharp;
using ZImageSweep.Contracts.Grids;
using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Imaging;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ImageFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-img-").FullName;

    public ImageFileTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string PathOf(string name) => Path.Combine(_dir, name);

    static Tensor RandomBytes(int height, int width, long seed) =>
        randint(0, 256, [3, height, width], ScalarType.Byte, generator: new Generator((ulong)seed));

    [Fact]
    public void SaveThenLoadPng_GivesBackTheSamePixels()
    {
        using var scope = NewDisposeScope();
        Tensor pixels = RandomBytes(17, 23, seed: 7);                       // (3, 17, 23) uint8
        string path = PathOf("roundtrip.png");

        ImageFile.Save(pixels.to(ScalarType.Float32).div(ByteMax), path);
        Tensor loaded = ImageFile.Load(path);

        Assert.Equal([3L, 17, 23], loaded.shape);
        Assert.Equal(ScalarType.Float32, loaded.dtype);
        Tensor backToBytes = ToByteRange(loaded).round().to(ScalarType.Byte);
        Assert.True(backToBytes.eq(pixels).all().item<bool>(), "PNG round trip changed pixel values");
        Assert.True(loaded.min().item<float>() >= -1 && loaded.max().item<float>() <= 1);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Save_RoundsRatherThanTruncates_AndClampsToUnitRange()
    {
        using var scope = NewDisposeScope();
        // Channel values (k + 0.4)/255 → k, (k + 0.6)/255 → k + 1; out-of-range values clamp to 0 and 255.
        float[] values = [10.4f / 255, 10.6f / 255, -0.3f, 1.7f];
        Tensor image = tensor(values).reshape(1, 1, 4).expand(3, 1, 4).contiguous();
        string path = PathOf("rounding.png");

        ImageFile.Save(image, path);

        Tensor bytes = ToByteRange(ImageFile.Load(path)).round()[0, 0];
        Assert.Equal([10f, 11f, 0f, 255f], bytes.data<float>().ToArray());
    }

    [Fact]
    public void SaveJpeg_LoadsBackCloseToTheOriginal()
    {
        using var scope = NewDisposeScope();
        // A smooth gradient: JPEG at quality 95 keeps it within a few levels.
        Tensor ramp = linspace(0, 1, 64).reshape(1, 1, 64).expand(3, 48, 64).contiguous();
        string path = PathOf("gradient.jpg");

        ImageFile.Save(ramp, path);
        Tensor loaded = ToUnitRange(ImageFile.Load(path));

        Assert.Equal([3L, 48, 64], loaded.shape);
        Assert.True((loaded - ramp).abs().mean().item<float>() < 2f / 255);
    }

    [Fact]
    public void Load_PngWithAlpha_DropsAlphaKeepingStoredRgb()
    {
        string path = PathOf("transparent.png");
        var info = new SKImageInfo(4, 2, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using (var bitmap = new SKBitmap(info))
        {
            byte[] rgba = Enumerable.Repeat<byte[]>([200, 100, 50, 0], 8).SelectMany(p => p).ToArray();
            System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
            using var file = File.Create(path);
            Assert.True(bitmap.Encode(file, SKEncodedImageFormat.Png, 100));
        }
        using var scope = NewDisposeScope();

        Tensor rgb = ToByteRange(ImageFile.Load(path)).round();

        Assert.Equal([3L, 2, 4], rgb.shape);
        Assert.Equal([200f, 100f, 50f], rgb[.., 0, 0].data<float>().ToArray());
    }

    [Fact]
    public void Load_LosslessWebp_GivesBackThePixels()
    {
        using var scope = NewDisposeScope();
        Tensor pixels = RandomBytes(8, 12, seed: 3);
        string path = PathOf("image.webp");
        WriteWebpLossless(pixels, path);

        Tensor loaded = ToByteRange(ImageFile.Load(path)).round().to(ScalarType.Byte);

        Assert.True(loaded.eq(pixels).all().item<bool>());
    }

    [Fact]
    public void Load_JpegWithExifOrientation6_IsRotatedClockwise()
    {
        using var scope = NewDisposeScope();
        // 16 rows × 32 columns: left half red, right half blue.
        Tensor image = zeros(3, 16, 32);
        image[0, .., ..16].fill_(HeldScalars.One);
        image[2, .., 16..].fill_(HeldScalars.One);
        string plain = PathOf("plain.jpg"), rotated = PathOf("rotated.jpg");
        ImageFile.Save(image, plain);
        File.WriteAllBytes(rotated, WithExifOrientation(File.ReadAllBytes(plain), orientation: 6));

        Tensor upright = ImageFile.Load(rotated);

        // Rotating 90° clockwise turns the left (red) half into the top half: 32 rows × 16 columns.
        Assert.Equal([3L, 32, 16], upright.shape);
        Assert.Equal([3L, 16, 32], ImageFile.Load(plain).shape);
        Assert.True(upright[0, ..12].mean().item<float>() > 0.9f, "top should be red");
        Assert.True(upright[2, ..12].mean().item<float>() < -0.9f, "top should not be blue");
        Assert.True(upright[2, 20..].mean().item<float>() > 0.9f, "bottom should be blue");
    }

    [Fact]
    public void Load_TruncatedPng_ThrowsNamingTheFile()
    {
        string path = PathOf("truncated.png");
        using (var scope = NewDisposeScope()) ImageFile.Save(rand(3, 64, 64), path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<ImageDecodeException>(() => ImageFile.Load(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData("noise.jpg", 4096)]
    [InlineData("tiny.png", 5)]
    [InlineData("empty.webp", 0)]
    public void Load_GarbageBytes_ThrowsNamingTheFile(string name, int length)
    {
        string path = PathOf(name);
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<ImageDecodeException>(() => ImageFile.Load(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_UnsupportedExtensionOrMissingFile_Throws()
    {
        Assert.Throws<ImageDecodeException>(() => ImageFile.Load(PathOf("image.gif")));
        Assert.Throws<FileNotFoundException>(() => ImageFile.Load(PathOf("missing.png")));
    }

    [Fact]
    public void Save_WrongShapeOrExtension_Throws()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => ImageFile.Save(zeros(1, 3, 8, 8), PathOf("a.png")));
        Assert.Throws<ArgumentException>(() => ImageFile.Save(zeros(4, 8, 8), PathOf("a.png")));
        Assert.Throws<ArgumentException>(() => ImageFile.Save(zeros(3, 8, 8), PathOf("a.bmp")));
    }

    static readonly Scalar ByteMax = 255.ToScalar(); // held (HeldScalars)

    /// <summary>A loaded image's [−1, 1] back to [0, 1].</summary>
    static Tensor ToUnitRange(Tensor loaded) => loaded.Plus(HeldScalars.One).div(HeldScalars.Two);

    /// <summary>A loaded image's [−1, 1] back to [0, 255], before rounding.</summary>
    static Tensor ToByteRange(Tensor loaded) => ToUnitRange(loaded).mul(ByteMax);

    static void WriteWebpLossless(Tensor pixels, string path)
    {
        int height = (int)pixels.shape[1], width = (int)pixels.shape[2];
        byte[] rgba = cat([pixels, full([1, height, width], ByteMax, ScalarType.Byte)], 0)
            .permute(1, 2, 0).contiguous().data<byte>().ToArray();
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using SKPixmap pixmap = bitmap.PeekPixels();
        using SKData data = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))
            ?? throw new InvalidOperationException("WebP encoding failed");
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>Inserts an APP1 Exif segment with one IFD entry (Orientation, SHORT) right after the JPEG's SOI.</summary>
    static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] payload =
        [
            .. "Exif\0\0"u8,
            .. "II"u8, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,    // little-endian TIFF header, IFD0 at offset 8
            0x01, 0x00,                                        // one entry
            0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,    // tag 0x0112 Orientation, type SHORT, count 1
            (byte)orientation, 0x00, 0x00, 0x00,               // value
            0x00, 0x00, 0x00, 0x00,                            // no next IFD
        ];
        int length = payload.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
