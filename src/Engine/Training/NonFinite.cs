using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>Finds NaN or ±∞ in a state dict before it is saved: one host sync for the whole dictionary.</summary>
public static class NonFinite
{
    /// <returns>The first key (in key order) of a floating-point tensor with a non-finite element, or null when all are finite.</returns>
    public static string? FirstKey(IReadOnlyDictionary<string, Tensor> state)
    {
        var floating = state.Where(p => p.Value.is_floating_point()).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (floating.Count == 0) return null;
        using var scope = NewDisposeScope();
        bool[] finite = stack(floating.Select(p => p.Value.isfinite().all().cpu()).ToArray()).data<bool>().ToArray();
        int bad = Array.IndexOf(finite, false);
        return bad < 0 ? null : floating[bad].Key;
    }
}
