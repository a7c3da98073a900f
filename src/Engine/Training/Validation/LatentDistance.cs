using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>Root-mean-square sizes of latents and of their differences, accumulated in float64 so equal latents give exactly 0.</summary>
public static class LatentDistance
{
    public static double Rms(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a.to(ScalarType.Float64).cpu() - b.to(ScalarType.Float64).cpu()).Squared().mean().sqrt().item<double>();
    }

    public static double Rms(Tensor a)
    {
        using var scope = NewDisposeScope();
        return a.to(ScalarType.Float64).Squared().mean().sqrt().item<double>();
    }
}
