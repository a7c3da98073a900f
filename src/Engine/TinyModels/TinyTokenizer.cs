using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZImageSweep.Engine.TinyModels;

/// <summary>
/// A small Qwen2-style byte-level BPE tokenizer: the 256 byte symbols (ids 0–255, GPT-2 order), merges learned from
/// <see cref="TinyCorpus"/> (ids from 256), then Qwen's special tokens right after the vocabulary, in Qwen's order.
/// Written as the <c>tokenizer.json</c> and <c>tokenizer_config.json</c> a Hugging Face Qwen tokenizer folder has.
/// </summary>
public sealed class TinyTokenizer
{
    /// <summary>The pre-tokenizer Split regex of the Qwen2/Qwen3 tokenizer.json files.</summary>
    public const string QwenPattern = Qwen2TokenizerJson.QwenPattern;

    /// <summary>Qwen's special tokens in Qwen's id order (151643, 151644, 151645 in the real vocabulary).</summary>
    public static readonly IReadOnlyList<string> SpecialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    public const int DefaultMerges = 300;

    TinyTokenizer(IReadOnlyList<(string Left, string Right)> merges) => Merges = merges;

    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    /// <summary>Byte tokens plus merges: the ids the BPE model itself can produce.</summary>
    public int BpeVocabularySize => 256 + Merges.Count;

    /// <summary>Byte tokens, merges and special tokens: the text encoder's <c>vocab_size</c>.</summary>
    public int VocabularySize => BpeVocabularySize + SpecialTokens.Count;

    public int SpecialTokenId(string content)
    {
        int index = SpecialTokens.ToList().IndexOf(content);
        return index >= 0 ? BpeVocabularySize + index
            : throw new KeyNotFoundException($"'{content}' is not a special token of the tiny tokenizer");
    }

    public static TinyTokenizer Learn(int maxMerges = DefaultMerges) =>
        new(BpeTrainer.Learn(TinyCorpus.Text, new Regex(QwenPattern, RegexOptions.CultureInvariant), maxMerges));

    /// <summary>The tokenizer.json document (tokenizers 0.20+ layout, merges as pairs).</summary>
    public JsonObject TokenizerJson()
    {
        var vocab = new Dictionary<string, int>();
        for (int id = 0; id < 256; id++) vocab[ByteLevelAlphabet.Symbols[ByteLevelAlphabet.VocabularyOrder[id]].ToString()] = id;
        for (int i = 0; i < Merges.Count; i++) vocab[Merges[i].Left + Merges[i].Right] = 256 + i;
        return Qwen2TokenizerJson.Build(vocab, Merges, SpecialTokens.Select((t, i) => (BpeVocabularySize + i, t)).ToList());
    }

    /// <summary>tokenizer_config.json as Qwen ships it (Qwen2Tokenizer, pad &lt;|endoftext|&gt;, eos &lt;|im_end|&gt;), without a chat template.</summary>
    public JsonObject TokenizerConfigJson()
    {
        var decoder = new JsonObject();
        for (int i = 0; i < SpecialTokens.Count; i++)
        {
            decoder[(BpeVocabularySize + i).ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["content"] = SpecialTokens[i], ["lstrip"] = false, ["normalized"] = false, ["rstrip"] = false,
                ["single_word"] = false, ["special"] = true,
            };
        }
        return new JsonObject
        {
            ["add_bos_token"] = false,
            ["add_prefix_space"] = false,
            ["added_tokens_decoder"] = decoder,
            ["bos_token"] = null,
            ["clean_up_tokenization_spaces"] = false,
            ["eos_token"] = "<|im_end|>",
            ["errors"] = "replace",
            ["model_max_length"] = 131072,
            ["pad_token"] = "<|endoftext|>",
            ["split_special_tokens"] = false,
            ["tokenizer_class"] = "Qwen2Tokenizer",
            ["unk_token"] = null,
        };
    }
}
