using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace ZImageSweep.Engine.Text;

/// <summary>
/// Qwen2/Qwen3 byte-level BPE (transformers' <c>Qwen2Tokenizer</c>) built from a model's <c>tokenizer.json</c>:
/// added tokens are matched whole, the rest is NFC-normalised, split with the file's pre-tokenizer regex, mapped
/// through the GPT-2 byte alphabet and merged by rank. The BPE itself is Microsoft.ML.Tokenizers' BpeTokenizer.
/// No special tokens are added around the text: chat templates spell them out.
/// </summary>
public sealed class Qwen3Tokenizer
{
    readonly Tokenizer _bpe;
    readonly Dictionary<string, int> _added;

    Qwen3Tokenizer(Tokenizer bpe, Dictionary<string, int> added, int vocabularySize)
    {
        _bpe = bpe;
        _added = added;
        VocabularySize = vocabularySize;
    }

    /// <summary>Largest id + 1 over the vocabulary and the added tokens.</summary>
    public int VocabularySize { get; }

    /// <exception cref="TokenizerFormatException">the file is missing, malformed or not a Qwen-style byte-level BPE.</exception>
    public static Qwen3Tokenizer FromFile(string tokenizerJsonPath)
    {
        TokenizerJson json = TokenizerJson.Read(tokenizerJsonPath);
        var added = json.AddedTokens.ToDictionary(t => t.Content, t => t.Id, StringComparer.Ordinal);
        Regex split;
        try
        {
            split = new Regex(json.SplitPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new TokenizerFormatException(tokenizerJsonPath, $"the pre-tokenizer regex does not compile in .NET: {e.Message}", e);
        }
        var options = new BpeOptions(json.Vocabulary)
        {
            Merges = json.Merges.Select(m => $"{m.Left} {m.Right}"),
            SpecialTokens = added,
            ByteLevel = true,
            PreTokenizer = new CodePointRegexPreTokenizer(split, added),
            Normalizer = json.Nfc ? NfcNormalizer.Instance : null,
        };
        Tokenizer bpe;
        try
        {
            bpe = BpeTokenizer.Create(options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            throw new TokenizerFormatException(tokenizerJsonPath, $"inconsistent vocabulary or merges: {e.Message}", e);
        }
        int size = Math.Max(json.Vocabulary.Values.DefaultIfEmpty(-1).Max(), added.Values.DefaultIfEmpty(-1).Max()) + 1;
        return new Qwen3Tokenizer(bpe, added, size);
    }

    /// <summary>The ids of <paramref name="text"/>, exactly as <c>tokenizers</c>' <c>encode(text, add_special_tokens=False)</c>.</summary>
    public IReadOnlyList<int> Encode(string text) => _bpe.EncodeToIds(text);

    /// <summary>The id of an added token such as <c>&lt;|im_start|&gt;</c>.</summary>
    public int AddedTokenId(string content) =>
        _added.TryGetValue(content, out int id) ? id : throw new KeyNotFoundException($"'{content}' is not an added token of this tokenizer");
}
