namespace ZImageSweep.Engine.Text;

/// <summary>
/// Prompt → token ids the way Z-Image feeds its text encoder (docs/model.md#chat-template, docs/model.md#prompt-features): chat template, Qwen3 BPE, then
/// right truncation to <see cref="MaxSequenceLength"/> tokens counted with the template. Truncation cuts from the
/// right, so an over-long prompt loses the template's <c>&lt;|im_end|&gt;\n&lt;|im_start|&gt;assistant\n</c>
/// suffix, exactly as the reference pipeline does.
/// </summary>
public sealed class ZImagePromptTokenizer(Qwen3Tokenizer tokenizer, int maxSequenceLength = ZImagePromptTokenizer.MaxSequenceLength)
{
    /// <summary>Z-Image's <c>max_sequence_length</c> (official DEFAULT_MAX_SEQUENCE_LENGTH, diffusers' default).</summary>
    public const int MaxSequenceLength = 512;

    /// <summary>Right padding uses <c>&lt;|endoftext|&gt;</c>, Qwen's pad token; pads never reach valid tokens of the causal encoder.</summary>
    public const string PadToken = "<|endoftext|>";

    public Qwen3Tokenizer Tokenizer { get; } = tokenizer;

    public int MaxLength { get; } = maxSequenceLength > 0 ? maxSequenceLength
        : throw new ArgumentOutOfRangeException(nameof(maxSequenceLength), maxSequenceLength, "must be > 0");

    /// <summary>The valid token ids of one prompt (template included), at most <see cref="MaxLength"/>.</summary>
    public int[] Tokenize(string prompt)
    {
        IReadOnlyList<int> ids = Tokenizer.Encode(ZImagePromptTemplate.Apply(prompt));
        return ids.Take(MaxLength).ToArray();
    }

    /// <summary>
    /// Several prompts as one right-padded batch. Pads to the longest item rather than to 512: for a causal model
    /// with right padding the valid tokens' features are the same either way, and shorter batches cost less.
    /// </summary>
    public TokenBatch TokenizeBatch(IReadOnlyList<string> prompts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(prompts.Count, nameof(prompts));
        return TokenBatch.FromSequences(prompts.Select(Tokenize).ToArray(), Tokenizer.AddedTokenId(PadToken));
    }
}
