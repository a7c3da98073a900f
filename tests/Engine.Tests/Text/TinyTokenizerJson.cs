using System.Text.Json;
using System.Text.Json.Nodes;
using ZImageSweep.Engine.TinyModels;

namespace ZImageSweep.Engine.Tests.Text;

/// <summary>
/// A small tokenizer.json in the Qwen2 layout for unit tests: the 256 GPT-2 byte symbols (ids 0–255), four ranked
/// merges (h+e, l+l, he+ll, Ġ+w → 256–259) and three added tokens (&lt;|endoftext|&gt; 300, &lt;|im_start|&gt; 301,
/// &lt;|im_end|&gt; 302). All ids stay below 1000, the vocabulary of the tiny reference encoder.
/// </summary>
public static class TinyTokenizerJson
{
    public const int EndOfText = 300, ImStart = 301, ImEnd = 302;
    public const int He = 256, Ll = 257, Hell = 258, SpaceW = 259;

    /// <summary>The Split regex of Qwen2/Qwen3 tokenizer.json files.</summary>
    public const string QwenPattern = Qwen2TokenizerJson.QwenPattern;

    /// <summary>GPT-2's reversible byte → printable character map (printable Latin-1 bytes map to themselves).</summary>
    public static char[] ByteSymbols() => [.. ByteLevelAlphabet.Symbols];

    /// <summary>Id of the token for one UTF-8 byte.</summary>
    public static int ByteId(byte b) => b;

    public static JsonObject Build()
    {
        char[] symbols = ByteSymbols();
        var vocab = Enumerable.Range(0, 256).ToDictionary(b => symbols[b].ToString(), b => b);
        vocab["he"] = He;
        vocab["ll"] = Ll;
        vocab["hell"] = Hell;
        vocab["Ġw"] = SpaceW;
        return Qwen2TokenizerJson.Build(vocab, [("h", "e"), ("l", "l"), ("he", "ll"), ("Ġ", "w")],
            [(EndOfText, "<|endoftext|>"), (ImStart, "<|im_start|>"), (ImEnd, "<|im_end|>")]);
    }

    /// <summary>Writes <paramref name="json"/> (default: <see cref="Build"/>) to dir/tokenizer.json and returns the path.</summary>
    public static string Write(string dir, JsonObject? json = null)
    {
        string path = Path.Combine(dir, "tokenizer.json");
        File.WriteAllText(path, (json ?? Build()).ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        return path;
    }
}
