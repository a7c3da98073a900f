using System.Text.RegularExpressions;
using ZImageSweep.Engine.Text;

namespace ZImageSweep.Engine.Tests.Text;

/// <summary>
/// The Qwen split regex applied by code points (as Oniguruma does in HuggingFace tokenizers): expectations follow
/// from the regex's alternatives read over code points, not from this implementation.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class CodePointRegexPreTokenizerTests
{
    static readonly CodePointRegexPreTokenizer PreTokenizer = new(
        new Regex(TinyTokenizerJson.QwenPattern), new Dictionary<string, int> { ["<|im_end|>"] = 2 });

    static string[] Pieces(string text) => PreTokenizer.PreTokenize(text).Select(s => text.Substring(s.Offset, s.Length)).ToArray();

    [Theory]
    [InlineData("hello world", new[] { "hello", " world" })]
    [InlineData("🔥fire", new[] { "🔥fire" })]                          // [^\r\n\p{L}\p{N}]? takes the whole emoji
    [InlineData("a𝐀b c", new[] { "a𝐀b", " c" })]                        // U+1D400 is a letter (Lu)
    [InlineData("𠀀字 x", new[] { "𠀀字", " x" })]                        // U+20000, CJK Extension B (Lo)
    [InlineData("x𝟎1", new[] { "x", "𝟎", "1" })]                         // U+1D7CE is one digit (Nd)
    [InlineData("go 🚀🔥 now", new[] { "go", " 🚀🔥", " now" })]
    [InlineData("𝐀<|im_end|>🔥", new[] { "𝐀", "<|im_end|>", "🔥" })]
    public void AstralCodePoints_AreClassifiedWhole(string text, string[] expected)
    {
        Assert.Equal(expected, Pieces(text));
    }
}
