using TorchSharp.Modules;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>
/// The mid-block self-attention (diffusers' <c>Attention</c> built from the deprecated VAE attention block): a
/// GroupNorm, then single-head attention over the H·W pixels with Linear <c>to_q / to_k / to_v / to_out.0</c>
/// (bias, [C, C] weights), scale 1/√C, and a residual add. SDPA keeps the (H·W)² score matrix out of memory on
/// GPUs (16,384 tokens at a 1024² decode: 1 GiB in fp32 if materialised).
/// </summary>
public sealed class VaeAttention : nn.Module<Tensor, Tensor>
{
    readonly GroupNorm group_norm;
    readonly Linear to_q;
    readonly Linear to_k;
    readonly Linear to_v;
    /// <summary>diffusers' <c>to_out</c> is [Linear, Dropout]; the dropout has no weights and is the identity at inference.</summary>
    readonly ModuleList<Linear> to_out;

    public VaeAttention(long channels, long groups, Device? device = null, ScalarType? dtype = null) : base(nameof(VaeAttention))
    {
        group_norm = nn.GroupNorm(groups, channels, ResnetBlock2D.Eps, affine: true, device: device, dtype: dtype);
        to_q = nn.Linear(channels, channels, hasBias: true, device: device, dtype: dtype);
        to_k = nn.Linear(channels, channels, hasBias: true, device: device, dtype: dtype);
        to_v = nn.Linear(channels, channels, hasBias: true, device: device, dtype: dtype);
        to_out = new ModuleList<Linear>(nn.Linear(channels, channels, hasBias: true, device: device, dtype: dtype));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, C, H, W)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        // b c h w -> b (h w) c
        Tensor tokens = group_norm.forward(x).flatten(2).transpose(1, 2);  // (B, HW, C)
        // One head: b t c -> b 1 t c. SDPA's default scale 1/√C is the reference's 1/√head_dim.
        Tensor q = to_q.forward(tokens).unsqueeze(1);                      // (B, 1, HW, C)
        Tensor k = to_k.forward(tokens).unsqueeze(1);                      // (B, 1, HW, C)
        Tensor v = to_v.forward(tokens).unsqueeze(1);                      // (B, 1, HW, C)
        Tensor attended = scaled_dot_product_attention(q, k, v).squeeze(1); // (B, HW, C)
        Tensor o = to_out[0].forward(attended);                            // (B, HW, C)
        // b (h w) c -> b c h w
        o = o.transpose(1, 2).reshape(b, c, h, w);                         // (B, C, H, W)
        return o.Plus(x).MoveToOuterDisposeScope();
    }
}
