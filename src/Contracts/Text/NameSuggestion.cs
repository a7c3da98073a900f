namespace ZImageSweep.Contracts.Text;

/// <summary>
/// The "did you mean" of every refusal of a misspelt name (a job key, a command-line option): the closest known name,
/// by optimal-string-alignment (Damerau–Levenshtein) distance.
/// </summary>
public static class NameSuggestion
{
    /// <summary>The nearest candidate within a third of the name's length (at least 2 edits), or null when none is that close.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        // A third of the name, at least two edits: catches swapped, dropped and doubled letters, not other words.
        int limit = Math.Max(2, name.Length / 3);
        return candidates
            .Distinct()
            .Select(c => (Candidate: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    /// <summary>Edits (insert, delete, substitute, swap of neighbours) that turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
