using System.Text;
using Microsoft.ML.Tokenizers;

namespace ZImageSweep.Engine.Text;

/// <summary>Unicode NFC, the normalizer of Qwen2/Qwen3 <c>tokenizer.json</c> files (<c>{"type": "NFC"}</c>).</summary>
public sealed class NfcNormalizer : Normalizer
{
    public static NfcNormalizer Instance { get; } = new();

    public override string Normalize(string original) => original.Normalize(NormalizationForm.FormC);

    public override string Normalize(ReadOnlySpan<char> original) => original.ToString().Normalize(NormalizationForm.FormC);
}
