using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Runtime;

/// <summary>
/// The held replacements of the banned TorchSharp members (docs/platform.md, "Transient Scalars") give bit-identical
/// results to the members they replace, on float32, bfloat16 and int64 tensors: the ban changes no numerics.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class HeldTensorOpsTests
{
    public HeldTensorOpsTests() => LibTorchLoader.EnsureLoaded();

    // Calls the banned originals on purpose: they are the reference.
#pragma warning disable RS0030

    public static TheoryData<ScalarType> FloatingTypes => new() { ScalarType.Float32, ScalarType.BFloat16, ScalarType.Float64 };

    [Theory]
    [MemberData(nameof(FloatingTypes))]
    public void FloatingOps_EqualTorchSharpsOwn(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        Tensor a = randn([7, 33], generator: generator).mul(HeldScalars.Two).to(dtype);
        Tensor b = randn([7, 33], generator: generator).to(dtype);

        AssertIdentical(a + b, a.Plus(b), "Plus(Tensor)");
        AssertIdentical(a.add(HeldScalars.Half), a.Plus(HeldScalars.Half), "Plus(Scalar)");
        AssertIdentical(a.clone().add_(b), a.clone().PlusInPlace(b), "PlusInPlace(Tensor)");
        AssertIdentical(a.clone().add_(HeldScalars.Half), a.clone().PlusInPlace(HeldScalars.Half), "PlusInPlace(Scalar)");
        AssertIdentical(1 - a, a.OneMinus(), "OneMinus");
        AssertIdentical(a.square(), a.Squared(), "Squared");
        AssertIdentical(a * 0.5 + 0.5, a.mul(HeldScalars.Half).Plus(HeldScalars.Half), "held constants");
        AssertIdentical((a / 2 + 0.5).clamp(0, 1), a.div(HeldScalars.Two).Plus(HeldScalars.Half).clamp(HeldScalars.Zero, HeldScalars.One), "integer literals on a floating tensor");
    }

    [Fact]
    public void IntegerOps_EqualTorchSharpsOwn()
    {
        using var scope = NewDisposeScope();
        Tensor codes = randint(0, 127, [64], ScalarType.Int64, generator: new Generator(5));
        using Scalar signBit = 0x80.ToScalar();

        AssertIdentical(codes + 0x80, codes.Plus(signBit), "Plus on int64 (an integral alpha)");
        AssertIdentical(codes + codes, codes.Plus(codes), "Plus(Tensor) on int64");
    }

    [Fact]
    public void Arange_EqualsTorchSharpsOwn()
    {
        using var scope = NewDisposeScope();
        AssertIdentical(arange(9), HeldTensorOps.Arange(0, 9), "arange(stop)");
        AssertIdentical(arange(2, 9, ScalarType.Float32), HeldTensorOps.Arange(2, 9, dtype: ScalarType.Float32), "arange(start, stop)");
        AssertIdentical(arange(0, 10, 2, ScalarType.Float64), HeldTensorOps.Arange(0, 10, 2, ScalarType.Float64), "arange(start, stop, step)");
    }

    [Fact]
    public void LinalgNorm_EqualsVectorNormOfOrderTwo()
    {
        using var scope = NewDisposeScope();
        Tensor x = randn([2, 16, 5, 7], generator: new Generator(9));
        AssertIdentical(linalg.vector_norm(x), linalg.norm(x), "whole-tensor 2-norm");
    }

#pragma warning restore RS0030

    static void AssertIdentical(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.contiguous().bytes.SequenceEqual(actual.contiguous().bytes), $"{what}: bits differ");
    }
}
