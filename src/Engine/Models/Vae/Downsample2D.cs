using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>
/// diffusers' <c>Downsample2D</c> with <c>padding=0</c>: zero-pad one pixel on the right and bottom only, then a
/// 3×3 convolution with stride 2 (asymmetric, as in the original LDM/FLUX encoder).
/// </summary>
public sealed class Downsample2D : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv;

    public Downsample2D(long channels, Device? device = null, ScalarType? dtype = null) : base(nameof(Downsample2D))
    {
        conv = nn.Conv2d(channels, channels, 3, stride: 2, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, C, H, W)
    {
        using var scope = NewDisposeScope();
        Tensor padded = pad(x, [0, 1, 0, 1], PaddingModes.Constant, 0); // (B, C, H+1, W+1): (left, right, top, bottom)
        return conv.forward(padded).MoveToOuterDisposeScope();          // (B, C, H/2, W/2)
    }
}
