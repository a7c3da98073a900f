using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>diffusers' <c>Upsample2D</c> with a convolution: nearest-neighbour ×2, then a 3×3 convolution (padding 1).</summary>
public sealed class Upsample2D : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv;

    public Upsample2D(long channels, Device? device = null, ScalarType? dtype = null) : base(nameof(Upsample2D))
    {
        conv = nn.Conv2d(channels, channels, 3, stride: 1, padding: 1, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, C, H, W)
    {
        using var scope = NewDisposeScope();
        // Nearest ×2 copies values exactly in any dtype, so no fp32 detour is needed for bf16.
        Tensor up = interpolate(x, size: [x.shape[2] * 2, x.shape[3] * 2], mode: InterpolationMode.Nearest); // (B, C, 2H, 2W)
        return conv.forward(up).MoveToOuterDisposeScope(); // (B, C, 2H, 2W)
    }
}
