using TorchSharp;
using ZImageSweep.Engine.Models.Common;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.Common;

/// <summary>
/// The training RMSNorm node (bf16 input, float32 statistics, saving no float32 copy) against plain autograd through
/// the decomposed reference ops <c>bf16(float32(x) · rsqrt(mean(x²) + eps)) · weight</c>.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class RMSNormFunctionTests
{
    // Held (HeldScalars).
    static readonly Scalar Three = 3.ToScalar(), WeightSpread = 0.3.ToScalar();

    public RMSNormFunctionTests() => LibTorchLoader.EnsureLoaded();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bf16Input_MatchesAutogradThroughTheDecomposedOps(bool trainableWeight)
    {
        var generator = new Generator(8);
        using var scope = NewDisposeScope();
        Tensor x = randn([2, 5, 16], generator: generator).mul(Three).to(ScalarType.BFloat16).requires_grad_(true);
        Tensor weight = randn([16], generator: generator).mul(WeightSpread).Plus(HeldScalars.One).to(ScalarType.BFloat16).requires_grad_(trainableWeight);
        Tensor upstream = randn([2, 5, 16], generator: generator).to(ScalarType.BFloat16);
        using Scalar eps = 1e-5.ToScalar();

        Tensor y = RMSNormFunction.Apply(x, weight, eps);
        (y.to(ScalarType.Float32) * upstream.to(ScalarType.Float32)).sum().backward();

        Tensor x2 = x.detach().requires_grad_(true), w2 = weight.detach().requires_grad_(trainableWeight);
        Tensor h = x2.to(ScalarType.Float32);
        Tensor expected = (h * h.Squared().mean([-1], keepdim: true).Plus(eps).rsqrt()).to(ScalarType.BFloat16) * w2;
        (expected.to(ScalarType.Float32) * upstream.to(ScalarType.Float32)).sum().backward();

        Assert.True(y.eq(expected).all().item<bool>(), "forward differs from the decomposed ops");
        AssertClose("∂x", x.grad!, x2.grad!);
        if (trainableWeight) AssertClose("∂weight", weight.grad!, w2.grad!);
        else Assert.True(weight.grad is null || weight.grad.IsInvalid);
    }

    static void AssertClose(string what, Tensor actual, Tensor expected)
    {
        Tensor a = actual.to(ScalarType.Float32), e = expected.to(ScalarType.Float32);
        Assert.True(e.abs().sum().item<float>() > 0, $"{what}: zero reference gradient");
        // bf16 results of float32 arithmetic in another order: at most a unit or two in the last place.
        Assert.True(a.allclose(e, rtol: 2e-2, atol: 1e-2), $"{what}: max |Δ| {(a - e).abs().max().item<float>():G3}");
    }
}
