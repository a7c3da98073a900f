using TorchSharp;
using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Imaging;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ImageResizeTests
{
    public ImageResizeTests() => LibTorchLoader.EnsureLoaded();

    [Fact]
    public void ResizeAndCenterCrop_WideImage_ScalesToCoverThenCropsTheCentre()
    {
        using var scope = NewDisposeScope();
        // 32 rows × 64 columns: four vertical bands of 16 columns with values −1, −0.5, 0.5, 1.
        Tensor image = tensor(new[] { -1f, -0.5f, 0.5f, 1f }).repeat_interleave(16).reshape(1, 1, 64).expand(3, 32, 64);

        Tensor result = ImageResize.ResizeAndCenterCrop(image, 16, 16);

        // Scale 0.5 → 16 × 32, centre crop keeps the two middle bands (8 columns each). Columns near a band edge
        // mix with the neighbour (the antialiasing filter reaches 2 output pixels), so check the band interiors.
        Assert.Equal([3L, 16, 16], result.shape);
        Assert.True(result[.., .., 2..6].Plus(HeldScalars.Half).abs().max().item<float>() < 1e-3);
        Assert.True(result[.., .., 10..14].sub(HeldScalars.Half).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void ResizeAndCenterCrop_TallImage_CropsVertically()
    {
        using var scope = NewDisposeScope();
        Tensor image = zeros(3, 100, 40);
        image[.., ..30].fill_(HeldScalars.MinusOne); // top rows: cropped away
        image[.., 70..].fill_(HeldScalars.One);      // bottom rows: cropped away

        Tensor result = ImageResize.ResizeAndCenterCrop(image, 20, 20);

        // Scale 0.5 → 50 × 20, crop rows 15..35 of the scaled image = rows 30..70 of the original (zero away
        // from the filter's reach of the ±1 bands; a top-aligned crop would be −1 there).
        Assert.Equal([3L, 20, 20], result.shape);
        Assert.True(result[.., 3..17].abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void Resize_Downsampling_IsAntialiased()
    {
        using var scope = NewDisposeScope();
        // A one-pixel checkerboard of ±1 averages to 0; plain bicubic sampling would alias it to ±1 patterns.
        Tensor rows = HeldTensorOps.Arange(0, 64).reshape(64, 1), cols = HeldTensorOps.Arange(0, 64).reshape(1, 64);
        using Scalar two = 2.ToScalar(), one = 1.ToScalar();
        Tensor checker = rows.Plus(cols).remainder(two).mul(two).sub(one).to(ScalarType.Float32).expand(3, 64, 64);

        Tensor small = ImageResize.Resize(checker, 16, 16);

        Assert.Equal([3L, 16, 16], small.shape);
        Assert.True(small.abs().max().item<float>() < 0.1f, $"max {small.abs().max().item<float>()}");
    }

    [Fact]
    public void Resize_KeepsValuesInRange_AndSameSizeIsACopy()
    {
        using var scope = NewDisposeScope();
        Tensor image = rand(3, 40, 30, generator: new Generator(5)).mul(HeldScalars.Two).sub(HeldScalars.One);

        Tensor up = ImageResize.Resize(image, 61, 83);
        Tensor same = ImageResize.ResizeAndCenterCrop(image, 30, 40);

        Assert.True(up.min().item<float>() >= -1 && up.max().item<float>() <= 1);
        Assert.True(same.eq(image).all().item<bool>());
    }

    [Fact]
    public void BadArguments_Throw()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResize.ResizeAndCenterCrop(zeros(3, 8, 8), 0, 8));
        Assert.Throws<ArgumentException>(() => ImageResize.ResizeAndCenterCrop(zeros(1, 3, 8, 8), 4, 4));
    }
}
