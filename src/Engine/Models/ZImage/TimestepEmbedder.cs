using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Sinusoidal timestep features (256 wide, cos first, then sin; max period 10000) through a
/// Linear → SiLU → Linear MLP (keys <c>mlp.0</c>, <c>mlp.2</c>). The sinusoid is always float32 and is cast to
/// the weight dtype before the MLP (docs/model.md#timestep-embedding, docs/model.md#precision).
/// </summary>
public sealed class TimestepEmbedder : nn.Module<Tensor, Tensor>
{
    public const int FrequencyEmbeddingSize = 256;
    public const int MidSize = 1024;
    const double MaxPeriod = 10000.0;

    readonly Sequential mlp;

    public TimestepEmbedder(int outSize, Device? device = null, ScalarType? dtype = null) : base(nameof(TimestepEmbedder))
    {
        mlp = nn.Sequential(
            ("0", nn.Linear(FrequencyEmbeddingSize, MidSize, hasBias: true, device: device, dtype: dtype)),
            ("1", nn.SiLU()),
            ("2", nn.Linear(MidSize, outSize, hasBias: true, device: device, dtype: dtype)));
        RegisterComponents();
    }

    /// <param name="t">scaled timesteps (model time · t_scale), [B].</param>
    public override Tensor forward(Tensor t)
    {
        using var scope = NewDisposeScope();
        Tensor tFreq = TimestepEmbedding(t, FrequencyEmbeddingSize); // (B, 256) float32
        ScalarType weightDtype = mlp.parameters().First().dtype;
        return mlp.forward(tFreq.to(weightDtype)).MoveToOuterDisposeScope(); // (B, out)
    }

    /// <summary>[cos(t·f_k), sin(t·f_k)] with f_k = exp(−ln(max_period)·k/half), all in float32.</summary>
    public static Tensor TimestepEmbedding(Tensor t, int dim)
    {
        using var scope = NewDisposeScope();
        int half = dim / 2;
        // Same operation order as the reference: (−ln P · k) / half, then exp, in float32.
        using Scalar logPeriod = (-Math.Log(MaxPeriod)).ToScalar(), halfScalar = half.ToScalar(); // held (HeldScalars)
        Tensor freqs = HeldTensorOps.Arange(0, half, dtype: ScalarType.Float32, device: t.device).mul(logPeriod).div(halfScalar).exp(); // (half)
        Tensor args = t.to(ScalarType.Float32).unsqueeze(1) * freqs.unsqueeze(0); // (B, half)
        Tensor embedding = cat([args.cos(), args.sin()], dim: -1); // (B, 2·half)
        if (dim % 2 == 1) embedding = cat([embedding, zeros_like(embedding[.., ..1])], dim: -1);
        return embedding.MoveToOuterDisposeScope();
    }
}
