using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace ZImageSweep.Client.Parsing;

/// <summary>
/// The "did you mean" for an unknown option: Spectre's strict parsing names the unknown option but suggests nothing,
/// so the closest long option of zsweep's commands is found here, by edit distance.
/// </summary>
public static partial class OptionSuggestion
{
    /// <summary>Every long option any zsweep command declares, read once from the settings classes.</summary>
    static readonly Lazy<string[]> KnownOptions = new(() => typeof(OptionSuggestion).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(CommandSettings)))
        .SelectMany(type => type.GetProperties())
        .SelectMany(property => property.GetCustomAttribute<CommandOptionAttribute>()?.LongNames ?? [])
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToArray());

    /// <summary>"--step" for Spectre's "Unknown option 'stpe'." when an option is close enough; null otherwise.</summary>
    public static string? For(string parseErrorMessage)
    {
        if (UnknownOptionMessage().Match(parseErrorMessage) is not { Success: true } match) return null;
        string typed = match.Groups[1].Value.TrimStart('-');
        // A third of the name, at least two edits: catches swapped, dropped and doubled letters, not other words.
        int tolerance = Math.Max(2, typed.Length / 3);
        var (name, distance) = KnownOptions.Value
            .Select(known => (known, distance: EditDistance(typed, known)))
            .MinBy(candidate => candidate.distance);
        return name is not null && distance <= tolerance ? "--" + name : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost one each.</summary>
    public static int EditDistance(string a, string b)
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

    [GeneratedRegex("^Unknown option '([^']+)'")]
    private static partial Regex UnknownOptionMessage();
}
