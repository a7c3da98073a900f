using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Text-encoder features kept across the arms of a slot worker's resident base, keyed by the text (the encoder is the
/// base's own: the cache dies with it), so the next arm with the same captions and prompts runs no text encoder.
/// <see cref="Encode"/> has the shape of <see cref="ZImageModelSet.EncodeTexts"/> and returns copies the caller owns.
/// Only the texts not kept yet are encoded, in one batch; an arm whose texts all come from one earlier arm's batches
/// gets exactly the features it encodes alone (the tests' case), otherwise padding to another batch length may move
/// the last bits. Single-threaded, like the arm preparation that uses it.
/// </summary>
public sealed class CaptionFeatureCache(Func<IReadOnlyList<string>, IReadOnlyList<Tensor>> encode) : IDisposable
{
    readonly Dictionary<string, Tensor> _features = new(StringComparer.Ordinal);

    public int Reused { get; private set; }
    public int Encoded { get; private set; }

    public IReadOnlyList<Tensor> Encode(IReadOnlyList<string> texts)
    {
        var missing = texts.Where(t => !_features.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            IReadOnlyList<Tensor> features = encode(missing);
            for (int i = 0; i < missing.Count; i++)
            {
                _features[missing[i]] = features[i].detach().cpu().clone().DetachFromDisposeScope();
                features[i].Dispose();
            }
        }
        Encoded += missing.Count;
        Reused += texts.Count - missing.Count;
        return texts.Select(t => _features[t].clone()).ToList();
    }

    public void ResetCounts() => (Reused, Encoded) = (0, 0);

    public void Dispose()
    {
        foreach (Tensor t in _features.Values) t.Dispose();
        _features.Clear();
    }
}
