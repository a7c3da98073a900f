using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.Common;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Bidirectional multi-head self-attention: bias-free q/k/v/out projections, per-head RMSNorm on q and k (before
/// RoPE), interleaved 3-axis RoPE, and SDPA with the default scale 1/√head_dim (ZIMAGE.md §4.7).
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
        // Linears are invoked with call(), not forward(), so runtime LoRA hooks (Lora/LoraNetwork) see them.
        Tensor query = to_q.call(hidden).unflatten(2, [_nHeads, _headDim]); // (B, S, dim) -> (B, S, H, Dh)
        Tensor key = to_k.call(hidden).unflatten(2, [_nHeads, _headDim]);
        Tensor value = to_v.call(hidden).unflatten(2, [_nHeads, _headDim]);
        if (norm_q is not null) query = norm_q.forward(query);
        if (norm_k is not null) key = norm_k.forward(key);
        query = freqs.Apply(query);
        key = freqs.Apply(key);

        // SDPA wants heads before sequence: (B, S, H, Dh) -> (B, H, S, Dh)
        Tensor attended = nn.functional.scaled_dot_product_attention(
            query.transpose(1, 2), key.transpose(1, 2), value.transpose(1, 2), attn_mask: keyMask); // (B, H, S, Dh)
        Tensor merged = attended.transpose(1, 2).flatten(2); // (B, H, S, Dh) -> (B, S, H·Dh)
        return to_out[0].call(merged.to(hidden.dtype)).MoveToOuterDisposeScope(); // (B, S, dim)
    }
}
