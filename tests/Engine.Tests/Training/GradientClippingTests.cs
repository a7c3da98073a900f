using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Optimizers;
using static TorchSharp.torch;
using AdamW = ZImageSweep.Engine.Training.Optimizers.AdamW;

namespace ZImageSweep.Engine.Tests.Training;

/// <summary>
/// The clip over stacked gradients against TorchSharp's <c>nn.utils.clip_grad_norm_</c> (libtorch's C++ one, the
/// arithmetic of PyTorch's), alone and as the optimizer's first part.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class GradientClippingTests
{
    public GradientClippingTests() => LibTorchLoader.EnsureLoaded();

    // A LoRA's factors in miniature: two shapes of A, two of B, several members each, and a lone parameter.
    static readonly long[][] Shapes = [[4, 48], [48, 4], [4, 48], [4, 120], [48, 4], [120, 4], [4, 48], [7]];

    /// <summary>Parameters of <see cref="Shapes"/> with random gradients scaled by <paramref name="scale"/>.</summary>
    static List<(string Name, Parameter Parameter)> WithGradients(int seed, double scale)
    {
        var generator = new Generator((ulong)seed);
        using Scalar factor = scale.ToScalar();
        return [.. Shapes.Select((shape, i) =>
        {
            var p = new Parameter(randn(shape, generator: generator));
            p.grad = randn(shape, generator: generator).mul_(factor);
            return ($"p{i}", p);
        })];
    }

    static float[][] Gradients(IEnumerable<(string Name, Parameter Parameter)> parameters) => [.. parameters.Select(p => p.Parameter.grad!.data<float>().ToArray())];

    static void AssertClose(float[][] expected, float[][] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            for (int j = 0; j < expected[i].Length; j++)
                Assert.True(Math.Abs(expected[i][j] - actual[i][j]) <= relative * Math.Abs(expected[i][j]) + 1e-12,
                    $"parameter {i} element {j}: {actual[i][j]} against libtorch's {expected[i][j]}");
    }

    /// <summary>What the clip scales: each group's gradients stacked, as the optimizer hands them over.</summary>
    static List<Tensor> Stacked(List<(string Name, Parameter Parameter)> parameters) =>
        [.. ParameterGroup.Of(parameters).Select(g => stack(g.Members.Select(m => m.Parameter.grad!).ToArray()))];

    [Theory]
    [InlineData(1.0, 0.3)]   // total norm ≈ 15 × 0.3: clipped
    [InlineData(1.0, 1e-3)]  // total norm below 1: the coefficient clamps to 1, gradients unchanged
    [InlineData(0.5, 2.0)]
    [InlineData(0.0, 1.0)]   // max_grad_norm 0 (accepted by the job) zeroes the gradients, as libtorch's does
    public void ClippedStackedGradients_AgreeWithLibTorchsClipGradNorm(double maxNorm, double scale)
    {
        var ours = WithGradients(3, scale);
        var libtorch = WithGradients(3, scale);
        List<Tensor> stacked = Stacked(ours);

        GradientClipping.ClipStacked(stacked, maxNorm);
        nn.utils.clip_grad_norm_(libtorch.Select(p => p.Parameter), maxNorm);

        // Written back member by member to compare: row i of a group's stack is that group's member i.
        var groups = ParameterGroup.Of(ours);
        for (int g = 0; g < groups.Count; g++)
            for (int i = 0; i < groups[g].Members.Count; i++) groups[g].Members[i].Parameter.grad!.copy_(stacked[g][i]);
        AssertClose(Gradients(libtorch), Gradients(ours), 1e-6);
    }

    [Fact]
    public void Clipping_LeavesTheGradientsOnTheMaximumNormSphere()
    {
        var parameters = WithGradients(5, 1.0);
        List<Tensor> stacked = Stacked(parameters);
        GradientClipping.ClipStacked(stacked, 0.5);
        double total = Math.Sqrt(stacked.Sum(g => g.to(ScalarType.Float64).Squared().sum().item<double>()));
        Assert.Equal(0.5, total, 5); // the norm was ≈ 15, so the result lies on the 0.5 sphere (up to the 1e-6 in the divisor)
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheOptimizersClippedStep_EqualsLibTorchsClipThenAnUnclippedStep(bool eightBit)
    {
        var ours = WithGradients(7, 0.5);
        var libtorch = WithGradients(7, 0.5);
        ITrainingOptimizer Make(List<(string Name, Parameter Parameter)> ps) =>
            eightBit ? new AdamW8bit(ps, new AdamWHyperParameters()) : new AdamW(ps, new AdamWHyperParameters());
        using ITrainingOptimizer clipped = Make(ours), plain = Make(libtorch);

        clipped.Step(1e-2, maxGradNorm: 1.0);
        nn.utils.clip_grad_norm_(libtorch.Select(p => p.Parameter), 1.0);
        plain.Step(1e-2);

        float[][] Values(List<(string Name, Parameter Parameter)> ps) => [.. ps.Select(p => p.Parameter.data<float>().ToArray())];
        AssertClose(Values(libtorch), Values(ours), 1e-6);
    }

    [Fact]
    public void AParameterWithoutAGradient_IsNeitherCountedNorUpdated()
    {
        var parameters = WithGradients(9, 2.0);
        var reference = WithGradients(9, 2.0);
        Tensor before = parameters[^1].Parameter.detach().clone();
        parameters[^1].Parameter.grad = null; // the lone [7] parameter
        reference[^1].Parameter.grad = null;
        using var optimizer = new AdamW(parameters, new AdamWHyperParameters());
        using var plain = new AdamW(reference, new AdamWHyperParameters());

        optimizer.Step(1e-2, maxGradNorm: 1.0);
        nn.utils.clip_grad_norm_(reference.Select(p => p.Parameter), 1.0); // libtorch leaves it out of the norm too
        plain.Step(1e-2);

        Assert.True(parameters[^1].Parameter.eq(before).all().item<bool>());
        AssertClose([.. reference.Select(p => p.Parameter.data<float>().ToArray())], [.. parameters.Select(p => p.Parameter.data<float>().ToArray())], 1e-6);
    }
}
