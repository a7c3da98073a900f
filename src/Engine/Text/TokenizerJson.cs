using System.Text.Json;

namespace ZImageSweep.Engine.Text;

/// <summary>An added (special or user-added) token of a tokenizer.json: matched whole, before any other splitting.</summary>
public sealed record AddedToken(int Id, string Content, bool Special);

/// <summary>
/// The parts of a HuggingFace <c>tokenizer.json</c> that a Qwen2-style byte-level BPE needs: vocabulary, ranked
/// merges, added tokens, the pre-tokenizer's split regex and whether NFC normalisation applies. Anything the
/// Qwen tokenizer does not use (other model types, byte fallback, dropout, lstrip/rstrip tokens, other
/// normalizers or pre-tokenizers) is rejected with a message naming the file, instead of being approximated.
/// </summary>
public sealed record TokenizerJson(
    string Path,
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<(string Left, string Right)> Merges,
    IReadOnlyList<AddedToken> AddedTokens,
    string SplitPattern,
    bool Nfc)
{
    /// <exception cref="TokenizerFormatException">the file is missing, is not JSON, or is not a byte-level BPE of the Qwen kind.</exception>
    public static TokenizerJson Read(string path)
    {
        if (!File.Exists(path)) throw new TokenizerFormatException(path, "tokenizer.json not found");
        try
        {
            using FileStream stream = File.OpenRead(path);
            using JsonDocument doc = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
            return Parse(path, doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, $"malformed JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException) // a value of the wrong JSON kind or range
        {
            throw new TokenizerFormatException(path, $"unexpected JSON structure: {e.Message}", e);
        }
    }

    static TokenizerJson Parse(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Fail("the document is not a JSON object");
        JsonElement model = Required(path, root, "model", JsonValueKind.Object);
        if (Optional(model, "type") is { } type && type.GetString() != "BPE")
            throw Fail($"model.type {type.GetRawText()} is not supported (only BPE)");
        if (Optional(model, "byte_fallback") is { ValueKind: JsonValueKind.True }) throw Fail("model.byte_fallback is not supported");
        if (Optional(model, "dropout") is { ValueKind: not JsonValueKind.Null } dropout) throw Fail($"model.dropout {dropout.GetRawText()} is not supported");
        foreach (string affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            if (Optional(model, affix) is { ValueKind: JsonValueKind.String } a && a.GetString() is { Length: > 0 })
                throw Fail($"model.{affix} is not supported");

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty p in Required(path, model, "vocab", JsonValueKind.Object).EnumerateObject())
            vocab[p.Name] = p.Value.GetInt32();
        var merges = new List<(string, string)>();
        foreach (JsonElement m in Required(path, model, "merges", JsonValueKind.Array).EnumerateArray())
            merges.Add(Merge(m));

        var added = new List<AddedToken>();
        if (Optional(root, "added_tokens") is { ValueKind: JsonValueKind.Array } tokens)
            foreach (JsonElement t in tokens.EnumerateArray()) added.Add(Added(t));

        return new TokenizerJson(path, vocab, merges, added, ReadSplitPattern(path, root), ReadNfc(path, root));

        (string, string) Merge(JsonElement m)
        {
            // tokenizers ≥ 0.20 writes ["a", "b"]; older files write "a b".
            if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2) return (m[0].GetString()!, m[1].GetString()!);
            if (m.ValueKind == JsonValueKind.String && m.GetString()!.Split(' ') is [var l, var r]) return (l, r);
            throw Fail($"model.merges entry {m.GetRawText()} is neither [\"a\", \"b\"] nor \"a b\"");
        }

        AddedToken Added(JsonElement t)
        {
            string content = Required(path, t, "content", JsonValueKind.String).GetString()!;
            foreach (string flag in new[] { "lstrip", "rstrip", "single_word", "normalized" })
                if (Optional(t, flag) is { ValueKind: JsonValueKind.True })
                    throw Fail($"added token '{content}' sets {flag}, which is not supported");
            return new AddedToken(Required(path, t, "id", JsonValueKind.Number).GetInt32(), content,
                Optional(t, "special") is { ValueKind: JsonValueKind.True });
        }

        TokenizerFormatException Fail(string reason) => new(path, reason);
    }

    /// <summary>Qwen: Sequence[Split(Regex, Isolated), ByteLevel(use_regex=false)]; the split regex is returned.</summary>
    static string ReadSplitPattern(string path, JsonElement root)
    {
        JsonElement pre = Optional(root, "pre_tokenizer") ?? default;
        if (pre.ValueKind != JsonValueKind.Object || Optional(pre, "type")?.GetString() != "Sequence"
            || Optional(pre, "pretokenizers") is not { ValueKind: JsonValueKind.Array } steps || steps.GetArrayLength() != 2)
            throw new TokenizerFormatException(path, "pre_tokenizer must be a Sequence of Split and ByteLevel (the Qwen2 layout)");
        JsonElement split = steps[0], byteLevel = steps[1];
        if (Optional(split, "type")?.GetString() != "Split" || Optional(split, "behavior")?.GetString() != "Isolated"
            || Optional(split, "invert") is { ValueKind: JsonValueKind.True }
            || Optional(split, "pattern") is not { ValueKind: JsonValueKind.Object } pattern
            || Optional(pattern, "Regex") is not { ValueKind: JsonValueKind.String } regex)
            throw new TokenizerFormatException(path, "pre_tokenizer[0] must be Split with a Regex pattern, behavior Isolated, invert false");
        if (Optional(byteLevel, "type")?.GetString() != "ByteLevel" || Optional(byteLevel, "use_regex") is { ValueKind: JsonValueKind.True }
            || Optional(byteLevel, "add_prefix_space") is { ValueKind: JsonValueKind.True })
            throw new TokenizerFormatException(path, "pre_tokenizer[1] must be ByteLevel with use_regex and add_prefix_space false");
        return regex.GetString()!;
    }

    static bool ReadNfc(string path, JsonElement root) => Optional(root, "normalizer") switch
    {
        null or { ValueKind: JsonValueKind.Null } => false,
        { ValueKind: JsonValueKind.Object } n when Optional(n, "type")?.GetString() == "NFC" => true,
        { } other => throw new TokenizerFormatException(path, $"normalizer {other.GetRawText()} is not supported (only NFC or null)"),
    };

    static JsonElement? Optional(JsonElement obj, string key) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out JsonElement v) ? v : null;

    static JsonElement Required(string path, JsonElement obj, string key, JsonValueKind kind) =>
        Optional(obj, key) is { } v && v.ValueKind == kind ? v
            : throw new TokenizerFormatException(path, $"'{key}' is missing or is not a JSON {kind.ToString().ToLowerInvariant()}");
}
