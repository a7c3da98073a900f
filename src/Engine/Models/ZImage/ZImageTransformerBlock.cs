using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.Common;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Sandwich-norm transformer block (docs/model.md#transformer-block). With modulation (main layers, noise refiner) the adaLN input
/// gives per-item scales and tanh gates — no shift term:
/// <c>x += tanh(g_msa) · norm2(attn(norm1(x) · (1 + s_msa)))</c>, likewise for the FFN. Without modulation (context
/// refiner) the branches are added ungated and unscaled.
/// </summary>
public sealed class ZImageTransformerBlock : nn.Module
{
    readonly ZImageAttention attention;
    readonly FeedForward feed_forward;
    readonly RMSNorm attention_norm1;
    readonly RMSNorm ffn_norm1;
    readonly RMSNorm attention_norm2;
    readonly RMSNorm ffn_norm2;
    readonly ModuleList<Linear>? adaLN_modulation;

    public bool Modulated => adaLN_modulation is not null;

    public ZImageTransformerBlock(ZImageConfig config, bool modulation, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ZImageTransformerBlock))
    {
        int dim = config.Dim;
        double eps = config.NormEps;
        bool fp32 = ZImageTransformer2DModel.NormsInFloat32;
        attention = new ZImageAttention(dim, config.NHeads, config.QkNorm, eps, device, dtype);
        feed_forward = new FeedForward(dim, config.FfnHiddenDim, device, dtype);
        attention_norm1 = new RMSNorm(dim, eps, fp32, device, dtype);
        ffn_norm1 = new RMSNorm(dim, eps, fp32, device, dtype);
        attention_norm2 = new RMSNorm(dim, eps, fp32, device, dtype);
        ffn_norm2 = new RMSNorm(dim, eps, fp32, device, dtype);
        if (modulation)
            adaLN_modulation = nn.ModuleList(nn.Linear(config.AdaLnEmbedDim, 4 * dim, hasBias: true, device: device, dtype: dtype));
        RegisterComponents();
    }

    /// <param name="x">(B, S, dim)</param>
    /// <param name="keyMask">boolean (B, 1, 1, S) or null.</param>
    /// <param name="freqs">rotary factors (B, S, head_dim/2).</param>
    /// <param name="adaln">(B, adaln_dim); required exactly when the block is modulated.</param>
    public Tensor forward(Tensor x, Tensor? keyMask, RotaryFreqs freqs, Tensor? adaln)
    {
        using var scope = NewDisposeScope();
        // Each branch hands its intermediates on as soon as they are consumed (IntermediateRelease).
        if (adaLN_modulation is null)
        {
            Tensor attended = attention_norm1.forward(x).Then(h => attention.forward(h, keyMask, freqs)).Then(attention_norm2.forward);
            Tensor mid = attended.Then(a => x.Plus(a));
            Tensor fed = ffn_norm1.forward(mid).Then(feed_forward.forward).Then(ffn_norm2.forward);
            return fed.Then(f => mid.Plus(f)).MoveToOuterDisposeScope();
        }
        if (adaln is null) throw new ArgumentNullException(nameof(adaln), "a modulated block needs the adaLN input");

        // (B, 4·dim) -> 4 × (B, 1, dim), in the order scale_msa, gate_msa, scale_mlp, gate_mlp
        Tensor[] chunks = adaLN_modulation[0].call(adaln).unsqueeze(1).chunk(4, dim: 2);
        Tensor scale_msa = chunks[0].Plus(HeldScalars.One), gate_msa = chunks[1].tanh();
        Tensor scale_mlp = chunks[2].Plus(HeldScalars.One), gate_mlp = chunks[3].tanh();

        Tensor attn_out = attention_norm1.forward(x).Then(h => h * scale_msa).Then(h => attention.forward(h, keyMask, freqs)); // (B, S, dim)
        Tensor h1 = attn_out.Then(attention_norm2.forward).Then(a => gate_msa * a).Then(a => x.Plus(a));
        Tensor ffn_out = ffn_norm1.forward(h1).Then(h => h * scale_mlp).Then(feed_forward.forward);
        return ffn_out.Then(ffn_norm2.forward).Then(f => gate_mlp * f).Then(f => h1.Plus(f)).MoveToOuterDisposeScope();
    }
}
