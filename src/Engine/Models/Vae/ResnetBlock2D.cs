using TorchSharp.Modules;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>
/// diffusers' <c>ResnetBlock2D</c> without a time embedding: GroupNorm → SiLU → conv3×3 → GroupNorm → SiLU →
/// conv3×3, plus a 1×1 <c>conv_shortcut</c> on the residual when the channel count changes.
/// </summary>
public sealed class ResnetBlock2D : nn.Module<Tensor, Tensor>
{
    /// <summary>diffusers' AutoencoderKL passes resnet_eps = 1e-6 to every block.</summary>
    public const double Eps = 1e-6;

    readonly GroupNorm norm1;
    readonly Conv2d conv1;
    readonly GroupNorm norm2;
    readonly Conv2d conv2;
    readonly Conv2d? conv_shortcut;

    public ResnetBlock2D(long inChannels, long outChannels, long groups, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ResnetBlock2D))
    {
        norm1 = nn.GroupNorm(groups, inChannels, Eps, affine: true, device: device, dtype: dtype);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: 1, padding: 1, device: device, dtype: dtype);
        norm2 = nn.GroupNorm(groups, outChannels, Eps, affine: true, device: device, dtype: dtype);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, device: device, dtype: dtype);
        if (inChannels != outChannels)
            conv_shortcut = nn.Conv2d(inChannels, outChannels, 1, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, Cin, H, W)
    {
        using var scope = NewDisposeScope();
        Tensor h = conv1.forward(silu(norm1.forward(x)));           // (B, Cout, H, W)
        h = conv2.forward(silu(norm2.forward(h)));                  // (B, Cout, H, W)
        Tensor residual = conv_shortcut is null ? x : conv_shortcut.forward(x); // (B, Cout, H, W)
        return residual.Plus(h).MoveToOuterDisposeScope();
    }
}
