using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.Common;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>
/// Qwen3 self-attention: per-head RMSNorm on q and k before RoPE, grouped-query attention (kv head j serves query
/// heads j·g … j·g+g−1, repeated by hand because TorchSharp's SDPA has no enable_gqa), scale 1/√head_dim (SDPA's
/// default), causal.
/// </summary>
public sealed class Qwen3Attention : nn.Module<Tensor, Tensor, Tensor, Tensor?, Tensor>
{
    readonly int _heads, _kvHeads, _headDim;

    public Linear q_proj;      // D → H·d
    public Linear k_proj;      // D → KV·d
    public Linear v_proj;      // D → KV·d
    public Linear o_proj;      // H·d → D
    public RMSNorm q_norm; // (d)
    public RMSNorm k_norm; // (d)

    public Qwen3Attention(Qwen3Config config, Device? device, ScalarType dtype) : base(nameof(Qwen3Attention))
    {
        (_heads, _kvHeads, _headDim) = (config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadDim);
        q_proj = nn.Linear(config.HiddenSize, _heads * _headDim, hasBias: false, device, dtype);
        k_proj = nn.Linear(config.HiddenSize, _kvHeads * _headDim, hasBias: false, device, dtype);
        v_proj = nn.Linear(config.HiddenSize, _kvHeads * _headDim, hasBias: false, device, dtype);
        o_proj = nn.Linear(_heads * _headDim, config.HiddenSize, hasBias: false, device, dtype);
        q_norm = new RMSNorm(_headDim, config.RmsNormEps, fp32Variance: true, device, dtype);
        k_norm = new RMSNorm(_headDim, config.RmsNormEps, fp32Variance: true, device, dtype);
        RegisterComponents();
    }

    /// <param name="x">(B, L, D)</param>
    /// <param name="cos">(L, d) rotary table</param>
    /// <param name="sin">(L, d) rotary table</param>
    /// <param name="mask">(B, 1, L, L) boolean, true = may attend; null = plain causal</param>
    public override Tensor forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], l = x.shape[1];
        // Projections through call(), not forward(): only call() runs module hooks, which float8 weights use (quantize_te).
        // b l (h d) -> b l h d (norm per head) -> b h l d
        Tensor q = q_norm.forward(q_proj.call(x).view(b, l, _heads, _headDim)).transpose(1, 2);   // (B, H, L, d)
        Tensor k = k_norm.forward(k_proj.call(x).view(b, l, _kvHeads, _headDim)).transpose(1, 2); // (B, KV, L, d)
        Tensor v = v_proj.call(x).view(b, l, _kvHeads, _headDim).transpose(1, 2);                 // (B, KV, L, d)
        q = Qwen3RotaryEmbedding.Apply(q, cos, sin);
        k = Qwen3RotaryEmbedding.Apply(k, cos, sin);
        k = RepeatKv(k, _heads / _kvHeads);                                                         // (B, H, L, d)
        v = RepeatKv(v, _heads / _kvHeads);                                                         // (B, H, L, d)
        Tensor attn = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask, is_casual: mask is null); // (B, H, L, d)
        // b h l d -> b l (h d)
        Tensor merged = attn.transpose(1, 2).reshape(b, l, _heads * _headDim);                       // (B, L, H·d)
        return o_proj.call(merged).MoveToOuterDisposeScope();                                     // (B, L, D)
    }

    /// <summary>b kv l d -> b (kv g) l d: each kv head is repeated for the g query heads it serves.</summary>
    static Tensor RepeatKv(Tensor kv, int groups)
    {
        if (groups == 1) return kv;
        long b = kv.shape[0], kvHeads = kv.shape[1], l = kv.shape[2], d = kv.shape[3];
        return kv.unsqueeze(2).expand(b, kvHeads, groups, l, d).reshape(b, kvHeads * groups, l, d);
    }
}
