using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training.Data;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class LatentCacheBuilderTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-latents-").FullName;
    readonly AutoencoderKL _vae;

    public LatentCacheBuilderTests()
    {
        LibTorchLoader.EnsureLoaded();
        manual_seed(0);
        _vae = new AutoencoderKL(AutoencoderKLConfig.Flux with { BlockOutChannels = [32, 32, 32, 32], LayersPerBlock = 1 });
        using (no_grad())
            foreach (var p in _vae.parameters()) p.normal_(0, 0.05);
    }

    public void Dispose()
    {
        _vae.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    TrainingImage Image(string name, int width, int height)
    {
        string path = Path.Combine(_dir, name);
        ImageFile.Save(rand(3, height, width), path);
        return new TrainingImage(path, "caption of " + name);
    }

    [Fact]
    public void Build_BucketsEncodesAndFlipsEveryImageAtEveryResolution()
    {
        var images = new[] { Image("a.png", 96, 64), Image("b.png", 40, 40) };
        var latents = new LatentCacheBuilder(_vae, new Generator(1), toDisk: false, _ => { }).Build(images, [64, 32], flipX: true);

        Assert.Equal(8, latents.Count); // 2 images × 2 resolutions × (plain, flipped)
        // 96×64 at 64²: candidates 64×48, 64×64, 80×48 (80×64 is over 64²); 64×64 has the area closest to 4096.
        CachedLatent a64 = latents.First(l => l.ImagePath.EndsWith("a.png") && !l.Flipped && l.Bucket.Width == 64);
        Assert.Equal(new Bucket(64, 64), a64.Bucket);
        Assert.Equal([16L, 8, 8], a64.Latent.shape);               // VAE ×8
        Assert.All(latents, l => Assert.Equal(l.Bucket.Height / 8, (int)l.Latent.shape[1]));
        Assert.Equal("caption of a.png", a64.Caption);
    }

    [Fact]
    public void FlipY_AddsAnUpsideDownCopyOfEveryExampleIncludingTheMirroredOnes()
    {
        var images = new[] { Image("a.png", 32, 32) };

        var latents = new LatentCacheBuilder(_vae, new Generator(1), toDisk: false, _ => { }).Build(images, [32], flipX: true, flipY: true);

        // ai-toolkit's data loader: flip_x doubles the list, then flip_y doubles the doubled list.
        Assert.Equal([(false, false), (true, false), (false, true), (true, true)], latents.Select(l => (l.Flipped, l.FlippedY)));
    }

    [Fact]
    public void FlipY_EncodesTheImageTurnedUpsideDown()
    {
        using var pixels = rand(3, 32, 32);
        string plain = Path.Combine(_dir, "plain.png"), upsideDown = Path.Combine(_dir, "upside-down.png");
        ImageFile.Save(pixels, plain);
        ImageFile.Save(pixels.flip(1), upsideDown);

        var flipped = new LatentCacheBuilder(_vae, new Generator(1), false, _ => { }).Build([new TrainingImage(plain, "")], [32], flipX: false, flipY: true);
        // The same posterior draws in the same order: the plain image, then the file that is already upside down.
        var reference = new LatentCacheBuilder(_vae, new Generator(1), false, _ => { }).Build([new TrainingImage(plain, ""), new TrainingImage(upsideDown, "")], [32], false);

        Assert.True(flipped[1].FlippedY);
        Assert.True(flipped[1].Latent.allclose(reference[1].Latent, rtol: 1e-5, atol: 1e-5));
        Assert.False(flipped[0].Latent.allclose(flipped[1].Latent, rtol: 1e-3, atol: 1e-3));
    }

    [Fact]
    public void Build_SkipsAndReportsUnreadableImages()
    {
        var good = Image("good.png", 32, 32);
        string bad = Path.Combine(_dir, "bad.jpg");
        File.WriteAllBytes(bad, [1, 2, 3, 4, 5]);
        var reports = new List<string>();

        var latents = new LatentCacheBuilder(_vae, new Generator(1), false, reports.Add).Build([new TrainingImage(bad, ""), good], [32], false);

        Assert.Single(latents);
        Assert.Contains(reports, r => r.Contains("bad.jpg"));
    }

    [Fact]
    public void DiskCache_IsReusedOnTheNextBuild()
    {
        var images = new[] { Image("a.png", 32, 32) };
        var first = new LatentCacheBuilder(_vae, new Generator(1), toDisk: true, _ => { }).Build(images, [32], false);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "_latent_cache")));

        // A different generator would draw a different posterior sample: equal latents prove the cache was read.
        var reports = new List<string>();
        var second = new LatentCacheBuilder(_vae, new Generator(999), toDisk: true, reports.Add).Build(images, [32], false);
        Assert.Empty(reports);
        Assert.False(first[0].Latent.isnan().any().item<bool>());
        Assert.True(first[0].Latent.eq(second[0].Latent).all().item<bool>());
        var fresh = new LatentCacheBuilder(_vae, new Generator(999), toDisk: false, _ => { }).Build(images, [32], false);
        Assert.False(first[0].Latent.eq(fresh[0].Latent).all().item<bool>());
    }
}
