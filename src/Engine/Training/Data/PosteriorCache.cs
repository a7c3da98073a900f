using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Data;

/// <summary>
/// The VAE posteriors (mean and log-variance) of encoded training images, kept on the CPU across the arms of a slot
/// worker's resident base, so the next arm over the same images runs no VAE encode. Keyed by content (the latent cache
/// key of <see cref="LatentCacheBuilder"/>: folder, file name, size, modification time, bucket, flips). The posterior,
/// not the latent, is kept: each arm still draws its latent sample with its own seeded generator, so its latents are
/// exactly those it would encode alone. Single-threaded, like the arm preparation that uses it.
/// </summary>
public sealed class PosteriorCache : IDisposable
{
    readonly Dictionary<string, (Tensor Mean, Tensor LogVar)> _posteriors = new(StringComparer.Ordinal);

    public int Reused { get; private set; }
    public int Encoded { get; private set; }

    /// <summary>The posterior of <paramref name="key"/> on <paramref name="device"/>, in the caller's dispose scope; encoded (and kept) when new.</summary>
    public (Tensor Mean, Tensor LogVar) GetOrEncode(string key, Device device, Func<(Tensor Mean, Tensor LogVar)> encode)
    {
        if (_posteriors.TryGetValue(key, out var kept))
        {
            Reused++;
            return (kept.Mean.clone().to(device), kept.LogVar.clone().to(device));
        }
        var (mean, logvar) = encode();
        _posteriors[key] = (Keep(mean), Keep(logvar));
        Encoded++;
        return (mean, logvar);
    }

    public void ResetCounts() => (Reused, Encoded) = (0, 0);

    static Tensor Keep(Tensor t) => t.detach().cpu().clone().DetachFromDisposeScope();

    public void Dispose()
    {
        foreach (var (mean, logvar) in _posteriors.Values)
        {
            mean.Dispose();
            logvar.Dispose();
        }
        _posteriors.Clear();
    }
}
