using ZImageSweep.Engine.Training.Data;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class BucketResolverTests
{
    [Theory]
    // square images at or above the resolution land on res × res
    [InlineData(2048, 2048, 1024, 1024, 1024)]
    [InlineData(1024, 1024, 512, 512, 512)]
    // smaller images are never upscaled: 600×400 keeps its area and snaps down to multiples of 16
    [InlineData(600, 400, 1024, 592, 400)]
    // 3:2 landscape at 1024: √(1024²/(3000·2000)) = 0.418; 1254.1/16 = 78.4, 836.1/16 = 52.3 → 1248×832 (area closest under 1024²)
    [InlineData(3000, 2000, 1024, 1248, 832)]
    // portrait 9:16 at 768: area 768² = 589,824 at 9:16 is exactly 576 × 1024 (the long side may exceed res)
    [InlineData(1080, 1920, 768, 576, 1024)]
    public void For_MatchesHandComputedBuckets(int w, int h, int resolution, int expectedW, int expectedH)
    {
        Assert.Equal(new Bucket(expectedW, expectedH), BucketResolver.For(w, h, resolution));
    }

    [Fact]
    public void Buckets_AreDivisibleBy16AndNeverExceedTheResolutionArea()
    {
        foreach (int res in new[] { 512, 768, 1024 })
        for (int w = 200; w <= 3000; w += 173)
        for (int h = 200; h <= 3000; h += 211)
        {
            Bucket b = BucketResolver.For(w, h, res);
            Assert.Equal(0, b.Width % 16);
            Assert.Equal(0, b.Height % 16);
            Assert.True((long)b.Width * b.Height <= (long)res * res, $"{w}x{h}@{res} -> {b}");
            Assert.True((long)b.Width * b.Height <= (long)w * h + 16L * (w + h) + 256, $"{w}x{h}@{res} upscaled to {b}");
        }
    }

    [Fact]
    public void Bucket_KeyIsWidthByHeight() => Assert.Equal("1248x832", new Bucket(1248, 832).ToString());
}
