using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>
/// What the encoder returns: <see cref="HiddenMinus2"/> = transformers' <c>hidden_states[-2]</c>, the raw output of
/// layer N−2 without the final norm (Z-Image's caption features); <see cref="LastHidden"/> = the last layer's
/// output after <c>model.norm</c>, only when the full depth was built. Shapes follow the input: (L, D) or (B, L, D).
/// </summary>
public sealed class Qwen3EncoderOutput(Tensor hiddenMinus2, Tensor? lastHidden) : IDisposable
{
    public Tensor HiddenMinus2 { get; } = hiddenMinus2;
    public Tensor? LastHidden { get; } = lastHidden;

    public void Dispose()
    {
        HiddenMinus2.Dispose();
        LastHidden?.Dispose();
    }
}
