using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ZImageSweep.Contracts.Grids;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Models.Vae;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Data;

/// <summary>
/// Encodes a dataset into latents once, before training (ai-toolkit's cache_latents): each image is bucketed for
/// every resolution, resized to cover the bucket and centre-cropped, optionally flipped (flip_x adds a mirrored copy,
/// flip_y an upside-down copy of each of those), encoded, and a sample of
/// the VAE posterior is scaled into latent space (docs/training.md#loss, step 1). With <c>toDisk</c> the latents are kept
/// in <c>&lt;image folder&gt;/_latent_cache/&lt;stem&gt;_&lt;hash&gt;.safetensors</c>, keyed by what produced them, so
/// later runs (and resumed runs) reuse exactly the same latents; with <c>posteriors</c> (a slot worker's resident base)
/// the VAE encode of an image already encoded for an earlier arm is skipped. Unreadable images are reported by name and skipped.
/// </summary>
public sealed class LatentCacheBuilder(AutoencoderKL vae, Generator generator, bool toDisk, Action<string> report, PosteriorCache? posteriors = null)
{
    const string CacheFolder = "_latent_cache";
    const int LatentVersion = 1;

    public IReadOnlyList<CachedLatent> Build(IReadOnlyList<TrainingImage> images, IReadOnlyList<int> resolutions, bool flipX, bool flipY = false)
    {
        var latents = new List<CachedLatent>();
        foreach (TrainingImage image in images)
        {
            Tensor? pixels = null;
            try
            {
                foreach (int resolution in resolutions)
                foreach (bool flippedY in flipY ? new[] { false, true } : [false])
                foreach (bool flipped in flipX ? new[] { false, true } : [false])
                    latents.Add(Encode(image, resolution, flipped, flippedY, ref pixels));
            }
            catch (ImageDecodeException e)
            {
                report($"skipping {image.Path}: {e.Message}");
            }
            finally
            {
                pixels?.Dispose();
            }
        }
        if (latents.Count == 0) throw new EmptyDatasetException(Path.GetDirectoryName(images[0].Path)!, "none of its images could be read");
        return latents;
    }

    CachedLatent Encode(TrainingImage image, int resolution, bool flipped, bool flippedY, ref Tensor? pixels)
    {
        pixels ??= ImageFile.Load(image.Path); // decoded once per image, shared by its resolutions and flips
        var bucket = BucketResolver.For((int)pixels.shape[2], (int)pixels.shape[1], resolution);
        string contentKey = CachePath(image.Path, bucket, flipped, flippedY);
        string? cachePath = toDisk ? contentKey : null;
        if (cachePath is not null && TryRead(cachePath) is { } cached) return new CachedLatent(image.Path, image.Caption, bucket, flipped, cached) { FlippedY = flippedY };

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor source = pixels;
        var (mean, logvar) = posteriors is null                                                   // (1, 16, h, w) each
            ? Posterior(source, bucket, flipped, flippedY)
            : posteriors.GetOrEncode(contentKey, vae.Device, () => Posterior(source, bucket, flipped, flippedY));
        Tensor latent = vae.ToLatents(AutoencoderKL.Sample(mean, logvar, generator))[0]
            .to(ScalarType.Float32).cpu().contiguous();                                           // (16, h, w)
        if (cachePath is not null)
            SafeTensorsWriter.Save(cachePath, new Dictionary<string, Tensor> { ["latent"] = latent }, new Dictionary<string, string> { ["source"] = image.Path });
        return new CachedLatent(image.Path, image.Caption, bucket, flipped, latent.MoveToOuterDisposeScope()) { FlippedY = flippedY };
    }

    (Tensor Mean, Tensor LogVar) Posterior(Tensor pixels, Bucket bucket, bool flipped, bool flippedY)
    {
        Tensor cropped = ImageResize.ResizeAndCenterCrop(pixels, bucket.Width, bucket.Height);  // (3, H, W) in [-1, 1]
        if (flipped) cropped = cropped.flip(2);
        if (flippedY) cropped = cropped.flip(1);
        return vae.Encode(cropped.unsqueeze(0).to(vae.DType, vae.Device));
    }

    Tensor? TryRead(string cachePath)
    {
        if (!File.Exists(cachePath)) return null;
        try
        {
            using var file = SafeTensorsFile.Open(cachePath);
            return file.Read("latent", ScalarType.Float32);
        }
        catch (SafeTensorsFormatException e)
        {
            report($"re-encoding: damaged latent cache ({e.Message})");
            return null;
        }
    }

    /// <summary>
    /// The cache file, whose path is also the in-memory content key of <see cref="PosteriorCache"/>. The key covers everything that determines the latent: the image file (name, size, modification time),
    /// the bucket, the flips and the cache format version. MD5 is a content key here, not a security measure. flip_y
    /// enters the key only when set, so the keys of caches written before it existed stay valid.
    /// </summary>
    static string CachePath(string imagePath, Bucket bucket, bool flipped, bool flippedY)
    {
        var file = new FileInfo(imagePath);
        var info = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["filename"] = file.Name, ["bytes"] = file.Length, ["modified_ticks"] = file.LastWriteTimeUtc.Ticks,
            ["width"] = bucket.Width, ["height"] = bucket.Height, ["flip_x"] = flipped,
            ["latent_space_version"] = "zimage", ["latent_version"] = LatentVersion,
        };
        if (flippedY) info["flip_y"] = true;
        byte[] digest = MD5.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(info)));
        string hash = Convert.ToBase64String(digest).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Path.Combine(file.DirectoryName!, CacheFolder, $"{Path.GetFileNameWithoutExtension(imagePath)}_{hash}.safetensors");
    }
}
