using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace ZImageSweep.Engine.Text;

/// <summary>
/// Applies a tokenizer.json Split regex by code points, as HuggingFace tokenizers (Oniguruma on UTF-8) does.
/// .NET regexes see UTF-16 units, so a code point above U+FFFF is two surrogates that match neither <c>\p{L}</c>
/// nor <c>\p{N}</c>, and a single-character class (<c>[^\r\n\p{L}\p{N}]?</c>) cannot take it whole: "🔥fire"
/// would split in two where the reference keeps one piece. Each such code point is therefore replaced by one BMP
/// stand-in of the same class (letter, digit or other) before matching, and the spans are mapped back.
/// Special tokens are split out whole first, by Microsoft.ML's <see cref="RegexPreTokenizer"/>.
/// </summary>
public sealed class CodePointRegexPreTokenizer(Regex regex, IReadOnlyDictionary<string, int> specialTokens) : PreTokenizer
{
    const char LetterStandIn = '\u4E00'; // CJK ideograph, category Lo
    const char DigitStandIn = '0';       // Nd
    const char OtherStandIn = '\u00A6';  // broken bar, So: neither letter, digit nor space

    readonly RegexPreTokenizer _inner = new(regex, specialTokens);

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        text is null ? [] : Split(text);

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text.ToString());

    IEnumerable<(int Offset, int Length)> Split(string text)
    {
        if (!text.Any(char.IsSurrogate)) return _inner.PreTokenize(text);

        // starts[i] = offset in text of the i-th char of the substituted string; starts[^1] = text.Length.
        var substituted = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length;)
        {
            starts.Add(i);
            if (Rune.TryGetRuneAt(text, i, out Rune rune) && rune.IsBmp is false)
            {
                substituted.Append(StandIn(rune));
                i += 2;
            }
            else
            {
                substituted.Append(text[i]);
                i++;
            }
        }
        starts.Add(text.Length);
        return _inner.PreTokenize(substituted.ToString())
            .Select(span => (starts[span.Offset], starts[span.Offset + span.Length] - starts[span.Offset]))
            .ToList();
    }

    static char StandIn(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => LetterStandIn,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => DigitStandIn,
        _ => OtherStandIn,
    };
}
