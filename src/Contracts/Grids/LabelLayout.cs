using System.Globalization;

namespace ZImageSweep.Contracts.Grids;

/// <summary>
/// Breaks a label into the lines that fit a box: words wrap at spaces, a word wider than the box (a long path, or
/// Chinese and Japanese text, which has no spaces) breaks between characters, each <c>\n</c> starts a new line, and
/// text beyond the box's last line is cut with an ellipsis on that line.
/// </summary>
public static class LabelLayout
{
    const string Ellipsis = "…";

    /// <param name="measure">The drawn width of a string, in the units of <paramref name="width"/>.</param>
    public static IReadOnlyList<string> Lines(string text, float width, int maxLines, Func<string, float> measure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        var lines = text.Split('\n').SelectMany(paragraph => Wrap(paragraph, width, measure)).ToList();
        if (lines.Count <= maxLines) return lines;
        var kept = lines.Take(maxLines).ToList();
        kept[^1] = Ellipsize(kept[^1], width, measure);
        return kept;
    }

    static List<string> Wrap(string paragraph, float width, Func<string, float> measure)
    {
        var lines = new List<string>();
        string current = "";
        foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = current.Length == 0 ? word : current + " " + word;
            if (measure(candidate) <= width)
            {
                current = candidate;
                continue;
            }
            if (current.Length > 0) lines.Add(current);
            current = "";
            // The word alone does not fit either: fill lines character by character.
            foreach (string character in TextElements(word))
            {
                if (current.Length > 0 && measure(current + character) > width)
                {
                    lines.Add(current);
                    current = "";
                }
                current += character;
            }
        }
        if (current.Length > 0 || lines.Count == 0) lines.Add(current);
        return lines;
    }

    /// <summary>The line shortened until it and the ellipsis fit; the ellipsis says that text follows.</summary>
    static string Ellipsize(string line, float width, Func<string, float> measure)
    {
        var characters = TextElements(line).ToList();
        while (characters.Count > 0 && measure(string.Concat(characters) + Ellipsis) > width) characters.RemoveAt(characters.Count - 1);
        return string.Concat(characters).TrimEnd() + Ellipsis;
    }

    /// <summary>User-perceived characters, so that a break never splits a surrogate pair or a combining mark.</summary>
    static IEnumerable<string> TextElements(string text)
    {
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext()) yield return enumerator.GetTextElement();
    }
}
