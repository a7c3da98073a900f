using System.Text.RegularExpressions;

namespace ZImageSweep.Engine.TinyModels;

/// <summary>
/// Learns byte-level BPE merges from a text, the way HuggingFace tokenizers' BPE trainer does in essence: split the
/// text with the pre-tokenizer regex, write each piece as byte symbols, then repeatedly merge the most frequent
/// adjacent pair (ties: the ordinally smallest pair, so the result is deterministic) until the wanted number of
/// merges is reached or no pair occurs at least <see cref="MinPairCount"/> times.
/// </summary>
public static class BpeTrainer
{
    public const int MinPairCount = 2;

    /// <returns>Merges in rank order.</returns>
    public static IReadOnlyList<(string Left, string Right)> Learn(string text, Regex preTokenizer, int maxMerges)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMerges);
        // Unique pieces with their counts; each piece as its current symbol sequence.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in preTokenizer.Matches(text.Normalize(System.Text.NormalizationForm.FormC)))
        {
            string piece = ByteLevelAlphabet.Encode(m.Value);
            counts[piece] = counts.GetValueOrDefault(piece) + 1;
        }
        var words = counts.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (Symbols: p.Key.Select(c => c.ToString()).ToList(), Count: p.Value)).ToList();

        var merges = new List<(string, string)>();
        while (merges.Count < maxMerges)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in words)
                for (int i = 0; i + 1 < symbols.Count; i++)
                    pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
            if (pairs.Count == 0) break;
            var best = pairs.OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal).First();
            if (best.Value < MinPairCount) break;
            merges.Add(best.Key);
            foreach (var (symbols, _) in words) Apply(symbols, best.Key.Item1, best.Key.Item2);
        }
        return merges;
    }

    /// <summary>Replaces every left-to-right occurrence of (left, right) in <paramref name="symbols"/> by their concatenation.</summary>
    static void Apply(List<string> symbols, string left, string right)
    {
        for (int i = 0; i + 1 < symbols.Count; i++)
        {
            if (symbols[i] != left || symbols[i + 1] != right) continue;
            symbols[i] = left + right;
            symbols.RemoveAt(i + 1);
        }
    }
}
