using ZImageSweep.Engine.Training.Data;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// What a slot worker keeps encoded for the next arm on its resident base (issue 18): image posteriors and caption
/// features, keyed by content. Arms prepared with it (<see cref="ZImageModelSet.Reuse"/>) report how much they reused.
/// </summary>
public sealed class EncodingReuse : IDisposable
{
    public PosteriorCache Latents { get; } = new();
    public CaptionFeatureCache Captions { get; }

    EncodingReuse(ZImageModelSet models) => Captions = new CaptionFeatureCache(models.EncodeTexts);

    /// <summary>The model set whose text encoding and latent caching go through a new cache.</summary>
    public static ZImageModelSet Over(ZImageModelSet models)
    {
        var reuse = new EncodingReuse(models);
        return models with { EncodeTexts = reuse.Captions.Encode, Reuse = reuse };
    }

    /// <summary>What the arm prepared since the last call reused, as one log line; counts start again.</summary>
    public string TakeReport()
    {
        string report = $"encoding cache: reused {Latents.Reused} image latents (encoded {Latents.Encoded}) and {Captions.Reused} caption embeddings (encoded {Captions.Encoded}) from earlier arms";
        Latents.ResetCounts();
        Captions.ResetCounts();
        return report;
    }

    public void Dispose()
    {
        Latents.Dispose();
        Captions.Dispose();
    }
}
