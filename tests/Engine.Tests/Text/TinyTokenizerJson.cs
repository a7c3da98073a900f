using System.Text.Json;
using System.Text.Json.Nodes;

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
    public const string QwenPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>GPT-2's reversible byte → printable character map (printable Latin-1 bytes map to themselves).</summary>
    public static char[] ByteSymbols()
    {
        var symbols = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            symbols[b] = printable ? (char)b : (char)next++;
        }
        return symbols;
    }

    /// <summary>Id of the token for one UTF-8 byte.</summary>
    public static int ByteId(byte b) => b;

    public static JsonObject Build()
    {
        var vocab = new JsonObject();
        char[] symbols = ByteSymbols();
        for (int b = 0; b < 256; b++) vocab[symbols[b].ToString()] = b;
        vocab["he"] = He;
        vocab["ll"] = Ll;
        vocab["hell"] = Hell;
        vocab["Ġw"] = SpaceW;
        var merges = new JsonArray(Pair("h", "e"), Pair("l", "l"), Pair("he", "ll"), Pair("Ġ", "w"));
        var added = new JsonArray(Added(EndOfText, "<|endoftext|>"), Added(ImStart, "<|im_start|>"), Added(ImEnd, "<|im_end|>"));
        var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false };
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = QwenPattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    byteLevel),
            },
            ["post_processor"] = byteLevel.DeepClone(),
            ["decoder"] = byteLevel.DeepClone(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "", ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab, ["merges"] = merges,
            },
        };

        static JsonArray Pair(string a, string b) => new(a, b);
        static JsonObject Added(int id, string content) => new()
        {
            ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
            ["normalized"] = false, ["special"] = true,
        };
    }

    /// <summary>Writes <paramref name="json"/> (default: <see cref="Build"/>) to dir/tokenizer.json and returns the path.</summary>
    public static string Write(string dir, JsonObject? json = null)
    {
        string path = Path.Combine(dir, "tokenizer.json");
        File.WriteAllText(path, (json ?? Build()).ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        return path;
    }
}
