using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Sampling;

/// <summary>
/// The official Z-Image guidance (docs/model.md#guidance). Note the form: <c>pos + g·(pos − neg)</c>, which equals
/// <c>neg + (1 + g)(pos − neg)</c> — not the common <c>neg + g·(pos − neg)</c>.
/// </summary>
public static class ClassifierFreeGuidance
{
    /// <summary>The official pipeline applies guidance only above 1 (diffusers later changed this to above 0).</summary>
    public const double Threshold = 1.0;

    public static bool Enabled(double guidance) => guidance > Threshold;

    /// <summary>
    /// The guidance for one step: 0 once the model time passes <paramref name="truncation"/> (a truncation above 1
    /// never applies).
    /// </summary>
    public static double ScaleAt(double guidance, double truncation, double modelTime) =>
        Enabled(guidance) && truncation <= 1 && modelTime > truncation ? 0.0 : guidance;

    /// <param name="pos">conditional prediction (float32).</param>
    /// <param name="neg">unconditional prediction (float32).</param>
    /// <param name="normalization">when &gt; 0, ‖pred‖ is clipped to normalization · ‖pos‖ (whole-sample L2).</param>
    public static Tensor Combine(Tensor pos, Tensor neg, double guidance, double normalization)
    {
        using var scope = NewDisposeScope();
        using Scalar scale = guidance.ToScalar(); // held across the call (HeldScalars)
        Tensor pred = pos.Plus((pos - neg).mul(scale));
        if (normalization > 0)
        {
            // One host read per step; the reference does the same comparison on the host. linalg.norm without an order
            // is libtorch's vector_norm(ord 2) over all elements, without vector_norm's temporary Scalar order.
            double posNorm = linalg.norm(pos).item<float>();
            double predNorm = linalg.norm(pred).item<float>();
            double maxNorm = posNorm * normalization;
            if (predNorm > maxNorm)
            {
                using Scalar shrink = ((float)(maxNorm / predNorm)).ToScalar();
                pred = pred.mul(shrink);
            }
        }
        return pred.MoveToOuterDisposeScope();
    }
}
