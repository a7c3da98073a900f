using TorchSharp;
using ZImageSweep.Engine.Models.Common;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>Pre-norm decoder layer: <c>h += attn(norm(h)); h += mlp(norm(h))</c>.</summary>
public sealed class Qwen3DecoderLayer : nn.Module<Tensor, Tensor, Tensor, Tensor?, Tensor>
{
    public RMSNorm input_layernorm;          // (D)
    public Qwen3Attention self_attn;
    public RMSNorm post_attention_layernorm; // (D)
    public Qwen3MLP mlp;

    public Qwen3DecoderLayer(Qwen3Config config, Device? device, ScalarType dtype) : base(nameof(Qwen3DecoderLayer))
    {
        input_layernorm = new RMSNorm(config.HiddenSize, config.RmsNormEps, fp32Variance: true, device, dtype);
        self_attn = new Qwen3Attention(config, device, dtype);
        post_attention_layernorm = new RMSNorm(config.HiddenSize, config.RmsNormEps, fp32Variance: true, device, dtype);
        mlp = new Qwen3MLP(config, device, dtype);
        RegisterComponents();
    }

    /// <param name="h">(B, L, D)</param>
    /// <param name="cos">(L, d)</param>
    /// <param name="sin">(L, d)</param>
    /// <param name="mask">(B, 1, L, L) boolean or null for plain causal</param>
    public override Tensor forward(Tensor h, Tensor cos, Tensor sin, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        h = h.Plus(self_attn.forward(input_layernorm.forward(h), cos, sin, mask)); // (B, L, D)
        h = h.Plus(mlp.forward(post_attention_layernorm.forward(h)));          // (B, L, D)
        return h.MoveToOuterDisposeScope();
    }
}
