using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Caption features computed once, before training (ai-toolkit's cache_text_embeddings): every distinct text is
/// encoded a single time and kept on the CPU, so the text encoder can be released and steps never run it.
/// </summary>
public sealed class CaptionEmbeddings : IDisposable
{
    /// <summary>Texts per call of the encoder while captions are cached (the bench's text encoder offloading rows encode such a batch).</summary>
    public const int EncodeBatch = 8;
    readonly Dictionary<string, Tensor> _features = new(StringComparer.Ordinal);

    public static CaptionEmbeddings Encode(Func<IReadOnlyList<string>, IReadOnlyList<Tensor>> encode, IEnumerable<string> texts)
    {
        var cache = new CaptionEmbeddings();
        using var _ = no_grad();
        foreach (string[] chunk in texts.Distinct(StringComparer.Ordinal).Chunk(EncodeBatch))
        {
            IReadOnlyList<Tensor> features = encode(chunk);
            for (int i = 0; i < chunk.Length; i++)
            {
                Tensor kept = features[i].to(ScalarType.Float32).cpu();
                if (!ReferenceEquals(kept, features[i])) features[i].Dispose();
                cache._features[chunk[i]] = kept.DetachFromDisposeScope();
            }
        }
        return cache;
    }

    /// <summary>[L, hidden] features of a text that was encoded.</summary>
    public Tensor this[string text] =>
        _features.TryGetValue(text, out var features) ? features : throw new KeyNotFoundException($"caption was not encoded before training: \"{text}\"");

    public void Dispose()
    {
        foreach (Tensor t in _features.Values) t.Dispose();
        _features.Clear();
    }
}
