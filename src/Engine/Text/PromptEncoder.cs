using TorchSharp;
using ZImageSweep.Engine.Models.Qwen3;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Text;

/// <summary>
/// Prompts → Z-Image caption features (docs/model.md#prompt-features): tokenise with the template and the 512-token cap, run the
/// Qwen3 encoder once over the right-padded batch, take <c>hidden_states[-2]</c> and keep each prompt's valid
/// tokens (template tokens included): one (L_i, hidden) tensor per prompt, in the encoder's dtype and device.
/// </summary>
public sealed class PromptEncoder(ZImagePromptTokenizer tokenizer, Qwen3ForTextEncoding encoder)
{
    public ZImagePromptTokenizer Tokenizer { get; } = tokenizer;
    public Qwen3ForTextEncoding Encoder { get; } = encoder;

    /// <returns>One (L_i, hidden) tensor per prompt; the caller owns (disposes) them.</returns>
    public IReadOnlyList<Tensor> Encode(IReadOnlyList<string> prompts) => Encode(Tokenizer.TokenizeBatch(prompts));

    /// <summary>Features of already tokenised sequences (e.g. cached ids); same selection as <see cref="Encode(IReadOnlyList{string})"/>.</summary>
    public IReadOnlyList<Tensor> Encode(TokenBatch batch)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor ids = tensor(batch.Ids, [batch.Batch, batch.Length], ScalarType.Int64);          // (B, L)
        Tensor mask = tensor(batch.Mask(), [batch.Batch, batch.Length], ScalarType.Int64);      // (B, L)
        using Qwen3EncoderOutput output = Encoder.forward(ids, mask);
        Tensor hidden = output.HiddenMinus2;                                                    // (B, L, D)
        var features = new Tensor[batch.Batch];
        for (int b = 0; b < batch.Batch; b++)
            features[b] = hidden[b].narrow(0, 0, batch.Lengths[b]).clone().MoveToOuterDisposeScope(); // (L_b, D), own storage
        return features;
    }
}
