using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Output head: parameter-free LayerNorm (eps 1e-6) scaled by <c>1 + Linear(SiLU(adaln))</c>, then a Linear to the
/// patch features. The modulation is a Sequential(SiLU, Linear), hence the key <c>adaLN_modulation.1</c>.
/// </summary>
public sealed class FinalLayer : nn.Module<Tensor, Tensor, Tensor>
{
    const double NormEps = 1e-6;

    readonly Linear linear;
    readonly Sequential adaLN_modulation;
    readonly long _hidden;

    public FinalLayer(int hiddenSize, int outChannels, int adaLnEmbedDim, Device? device = null, ScalarType? dtype = null)
        : base(nameof(FinalLayer))
    {
        _hidden = hiddenSize;
        linear = nn.Linear(hiddenSize, outChannels, hasBias: true, device: device, dtype: dtype);
        adaLN_modulation = nn.Sequential(
            ("0", nn.SiLU()),
            ("1", nn.Linear(adaLnEmbedDim, hiddenSize, hasBias: true, device: device, dtype: dtype)));
        RegisterComponents();
    }

    /// <param name="x">(B, S, hidden)</param>
    /// <param name="adaln">(B, adaln_dim)</param>
    public override Tensor forward(Tensor x, Tensor adaln)
    {
        using var scope = NewDisposeScope();
        Tensor scale = adaLN_modulation.forward(adaln).Plus(HeldScalars.One); // (B, hidden)
        Tensor normed = nn.functional.layer_norm(x, [_hidden], eps: NormEps) * scale.unsqueeze(1); // (B, S, hidden)
        return linear.forward(normed).MoveToOuterDisposeScope(); // (B, S, patch features)
    }
}
