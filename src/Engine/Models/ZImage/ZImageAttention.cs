using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.Common;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Bidirectional multi-head self-attention: bias-free q/k/v/out projections, per-head RMSNorm on q and k (before
/// RoPE), interleaved 3-axis RoPE, and SDPA with the default scale 1/√head_dim (docs/model.md#transformer-block).
/// </summary>
public sealed class ZImageAttention : nn.Module
{
    readonly Linear to_q;
    readonly Linear to_k;
    readonly Linear to_v;
    readonly ModuleList<Linear> to_out;
    readonly RMSNorm? norm_q;
    readonly RMSNorm? norm_k;
    readonly int _nHeads;
    readonly int _headDim;

    public ZImageAttention(int dim, int nHeads, bool qkNorm, double eps, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ZImageAttention))
    {
        _nHeads = nHeads;
        int headDim = _headDim = dim / nHeads;
        to_q = nn.Linear(dim, dim, hasBias: false, device: device, dtype: dtype);
        to_k = nn.Linear(dim, dim, hasBias: false, device: device, dtype: dtype);
        to_v = nn.Linear(dim, dim, hasBias: false, device: device, dtype: dtype);
        to_out = nn.ModuleList(nn.Linear(dim, dim, hasBias: false, device: device, dtype: dtype));
        if (qkNorm)
        {
            norm_q = new RMSNorm(headDim, eps, fp32Variance: ZImageTransformer2DModel.NormsInFloat32, device, dtype);
            norm_k = new RMSNorm(headDim, eps, fp32Variance: ZImageTransformer2DModel.NormsInFloat32, device, dtype);
        }
        RegisterComponents();
    }

    /// <param name="hidden">(B, S, dim)</param>
    /// <param name="keyMask">boolean (B, 1, 1, S), true = attend; null when no item is batch-padded.</param>
    /// <param name="freqs">rotary factors (B, S, head_dim/2).</param>
    public Tensor forward(Tensor hidden, Tensor? keyMask, RotaryFreqs freqs)
    {
        using var scope = NewDisposeScope();
        Tensor attended;
        // SDPA wants heads before sequence: (B, S, H, Dh) -> (B, H, S, Dh)
        using (Tensor query = Heads(to_q, hidden, norm_q, freqs).Then(q => q.transpose(1, 2)),
                     key = Heads(to_k, hidden, norm_k, freqs).Then(k => k.transpose(1, 2)),
                     value = Heads(to_v, hidden, norm: null, rotary: null).Then(v => v.transpose(1, 2)))
            attended = nn.functional.scaled_dot_product_attention(query, key, value, attn_mask: keyMask); // (B, H, S, Dh)
        return attended.Then(a => a.transpose(1, 2).flatten(2)) // (B, H, S, Dh) -> (B, S, H·Dh)
            .Then(m => m.to(hidden.dtype)).Then(to_out[0].call).MoveToOuterDisposeScope(); // (B, S, dim)
    }

    /// <summary>One projection split into heads, (B, S, H, Dh), with its RMSNorm and RoPE where it has them.</summary>
    /// <remarks>Linears are invoked with call(), not forward(), so runtime LoRA hooks (Lora/LoraNetwork) see them.</remarks>
    Tensor Heads(Linear projection, Tensor hidden, RMSNorm? norm, RotaryFreqs? rotary)
    {
        Tensor heads = projection.call(hidden).Then(p => p.unflatten(2, [_nHeads, _headDim])); // (B, S, dim) -> (B, S, H, Dh)
        if (norm is not null) heads = heads.Then(norm.forward);
        return rotary is null ? heads : heads.Then(rotary.Apply);
    }
}
