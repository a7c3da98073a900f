using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class GradientClippingTests
{
    public GradientClippingTests() => LibTorchLoader.EnsureLoaded();

    /// <summary>Parameters of mixed shapes (as a LoRA's A and B factors) with random gradients scaled by <paramref name="scale"/>.</summary>
    static List<Parameter> WithGradients(int seed, double scale, params long[][] shapes)
    {
        var generator = new Generator((ulong)seed);
        using Scalar factor = scale.ToScalar();
        return [.. shapes.Select(shape =>
        {
            var p = new Parameter(zeros(shape));
            p.grad = randn(shape, generator: generator).mul_(factor);
            return p;
        })];
    }

    static float[][] Gradients(List<Parameter> parameters) => [.. parameters.Select(p => p.grad!.data<float>().ToArray())];

    [Theory]
    [InlineData(1.0, 0.3)]   // total norm ≈ 25 × 0.3: clipped
    [InlineData(1.0, 1e-3)]  // total norm below 1: the coefficient clamps to 1, gradients unchanged
    [InlineData(0.5, 2.0)]
    public void ClippedGradients_AreBitIdenticalToLibTorchsClipGradNorm(double maxNorm, double scale)
    {
        long[][] shapes = [[16, 48], [48, 16], [16, 120], [7]];
        List<Parameter> ours = WithGradients(3, scale, shapes), libtorch = WithGradients(3, scale, shapes);

        GradientClipping.ClipByTotalNorm(ours, maxNorm);
        nn.utils.clip_grad_norm_(libtorch, maxNorm);

        Assert.Equal(Gradients(libtorch), Gradients(ours));
    }

    [Fact]
    public void ClippingScalesToTheMaximumNorm_AndSkipsParametersWithoutAGradient()
    {
        List<Parameter> parameters = WithGradients(5, 1.0, [10, 10], [3]);
        var noGradient = new Parameter(ones(4));
        parameters.Add(noGradient);

        GradientClipping.ClipByTotalNorm(parameters, 0.5);

        double total = Math.Sqrt(parameters.Where(p => p.grad is not null).Sum(p => p.grad!.mul(p.grad!).sum().item<float>()));
        Assert.Equal(0.5, total, 5); // the norm was ≈ 10, so the result lies on the 0.5 sphere (up to the 1e-6 in the divisor)
        Assert.Null(noGradient.grad);
    }

    [Fact]
    public void ASingleParameter_IsClippedByItsOwnNorm()
    {
        List<Parameter> ours = WithGradients(9, 4.0, [32]), libtorch = WithGradients(9, 4.0, [32]);
        GradientClipping.ClipByTotalNorm(ours, 1.0);
        nn.utils.clip_grad_norm_(libtorch, 1.0);
        Assert.Equal(Gradients(libtorch), Gradients(ours));
    }
}
