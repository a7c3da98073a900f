using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// The one noise level the LoRA step rows train at, σ = 0.5, with its Scalars held for the process (HeldScalars).
/// </summary>
static class FixedNoiseLevel
{
    const double Sigma = 0.5;
    static readonly Scalar HeldSigma = Sigma.ToScalar(), HeldClean = (1 - Sigma).ToScalar();

    /// <summary>The flow-matching input (1 − σ)·x0 + σ·noise.</summary>
    public static Tensor Noised(Tensor x0, Tensor noise) => x0.mul(HeldClean).Plus(noise.mul(HeldSigma));

    /// <summary>The model time 1 − σ for each of <paramref name="count"/> items, float32.</summary>
    public static Tensor ModelTimes(long count, Device device) => full(count, HeldClean, ScalarType.Float32, device);
}
