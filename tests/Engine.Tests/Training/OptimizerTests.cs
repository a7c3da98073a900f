using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using AdamW = ZImageSweep.Engine.Training.Optimizers.AdamW;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training.Optimizers;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class OptimizerTests
{
    public OptimizerTests() => LibTorchLoader.EnsureLoaded();

    static (string, Parameter)[] Params(params Parameter[] ps) => ps.Select((p, i) => ($"p{i}", p)).ToArray();

    [Fact]
    public void AdamW_TwoStepsMatchTheUpdateRuleComputedByHand()
    {
        var p = new Parameter(tensor(new[] { 1.0f, -2.0f }));
        var hyper = new AdamWHyperParameters(0.9, 0.999, 1e-8, 0.1);
        using var optimizer = new AdamW(Params(p), hyper);
        double[] w = [1.0, -2.0], m = [0, 0], v = [0, 0];
        double[][] grads = [[0.5, -1.0], [0.25, 2.0]];
        const double lr = 0.01;
        for (int t = 1; t <= 2; t++)
        {
            p.grad = tensor(grads[t - 1].Select(g => (float)g).ToArray());
            optimizer.Step(lr);
            for (int i = 0; i < 2; i++)
            {
                double g = grads[t - 1][i];
                w[i] *= 1 - lr * 0.1;
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.Pow(0.9, t)), vHat = v[i] / (1 - Math.Pow(0.999, t));
                w[i] -= lr * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
        }
        float[] actual = p.data<float>().ToArray();
        Assert.Equal(w[0], actual[0], 5);
        Assert.Equal(w[1], actual[1], 5);
    }

    [Fact]
    public void Quantizer_RoundTripKeepsRelativeErrorSmall()
    {
        using var scope = NewDisposeScope();
        using Scalar valueScale = 1e-3.ToScalar(), fourDecades = 1e-4.ToScalar();
        var values = randn(4096).mul(valueScale);
        foreach (bool signed in new[] { true, false })
        {
            var x = signed ? values : values.Squared();
            var quantizer = new BlockwiseQuantizer(signed);
            using var q = quantizer.Quantize(x);
            var restored = quantizer.Dequantize(q);
            // Entries within 4 decades of their block maximum keep a relative error under the codebook's half-step.
            var blockMax = x.abs().view(-1, BlockwiseQuantizer.BlockSize).amax([1], keepdim: true).expand(-1, BlockwiseQuantizer.BlockSize).flatten();
            var meaningful = x.abs() > blockMax.mul(fourDecades);
            var relative = ((restored - x).abs() / x.abs()).masked_select(meaningful);
            Assert.True(relative.max().item<float>() < (signed ? 0.07f : 0.04f), $"signed={signed}: max relative error {relative.max().item<float>()}");
            Assert.Equal(ScalarType.Byte, q.Codes.dtype);
        }
    }

    [Fact]
    public void AdamW8bit_HoldsAboutAQuarterOfAdamWsState()
    {
        var p1 = new Parameter(randn(1000, 1000));
        var p2 = new Parameter(p1.detach().clone());
        using var full = new AdamW(Params(p1), new AdamWHyperParameters());
        using var eight = new AdamW8bit(Params(p2), new AdamWHyperParameters());
        p1.grad = randn(1000, 1000);
        p2.grad = p1.grad.clone();
        full.Step(1e-3);
        eight.Step(1e-3);
        double ratio = eight.StateBytes / (double)full.StateBytes;
        Assert.Equal(8_000_000, full.StateBytes);
        Assert.InRange(ratio, 0.25, 0.26); // 1 byte + 4/256 bytes per moment entry vs 4 bytes
    }

    [Fact]
    public void AdamW8bit_ConvergesLikeAdamWOnLeastSquares()
    {
        var generator = new Generator(0);
        var a = randn([256, 32], generator: generator);
        var target = a.matmul(randn([32, 1], generator: generator));
        double Train(Func<(string, Parameter)[], ITrainingOptimizer> make)
        {
            var w = new Parameter(zeros(32, 1));
            using var optimizer = make(Params(w));
            double loss = 0;
            for (int step = 0; step < 300; step++)
            {
                using var scope = NewDisposeScope();
                var l = (a.matmul(w) - target).Squared().mean();
                l.backward();
                optimizer.Step(0.05);
                optimizer.ZeroGrad();
                loss = l.item<float>();
            }
            return loss;
        }
        var hyper = new AdamWHyperParameters(Eps: 1e-6, WeightDecay: 0);
        double fullLoss = Train(ps => new AdamW(ps, hyper));
        double eightLoss = Train(ps => new AdamW8bit(ps, hyper));
        double initial = target.Squared().mean().item<float>();
        Assert.True(fullLoss < initial * 1e-3, $"AdamW did not converge: {fullLoss} from {initial}");
        Assert.True(eightLoss < initial * 2e-3, $"AdamW8bit did not converge: {eightLoss} vs AdamW {fullLoss} from {initial}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GroupedUpdate_IsEachParameterUpdatedAloneToTheBit(bool eightBit)
    {
        // Four parameters in two shapes (one not a whole number of 8-bit blocks), one of them without a gradient at
        // step 2: one optimizer over all four against four optimizers over one parameter each.
        ITrainingOptimizer Make(IReadOnlyList<(string, Parameter)> ps) =>
            eightBit ? new AdamW8bit(ps, new AdamWHyperParameters()) : new AdamW(ps, new AdamWHyperParameters());
        var generator = new Generator(3);
        long[][] shapes = [[4, 100], [4, 100], [3, 7], [4, 100]];
        Parameter[] together = shapes.Select(s => new Parameter(randn(s, generator: generator))).ToArray();
        Parameter[] alone = together.Select(p => new Parameter(p.detach().clone())).ToArray();
        using var grouped = Make(Params(together));
        var singles = alone.Select(p => Make(Params(p))).ToArray();
        for (int step = 1; step <= 3; step++)
        {
            for (int i = 0; i < shapes.Length; i++)
            {
                Tensor? grad = step == 2 && i == 1 ? null : randn(shapes[i], generator: generator);
                together[i].grad = grad?.clone();
                alone[i].grad = grad?.clone();
            }
            grouped.Step(1e-2);
            foreach (var single in singles) single.Step(1e-2);
        }
        for (int i = 0; i < shapes.Length; i++)
        {
            Assert.True(together[i].eq(alone[i]).all().item<bool>(), $"parameter {i} differs");
            Assert.False(together[i].eq(HeldScalars.Zero).all().item<bool>());
        }
        var state = grouped.StateDict();
        var expected = singles.SelectMany((single, i) => single.StateDict().Where(kv => kv.Key != "step").Select(kv => (Key: kv.Key.Replace("p0", $"p{i}"), kv.Value)));
        foreach (var (key, value) in expected)
            Assert.True(state[key].eq(value).all().item<bool>(), $"state {key} differs");
        foreach (var single in singles) single.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StateDictRoundTrip_ContinuesTheSameTrajectoryBitForBit(bool eightBit)
    {
        ITrainingOptimizer Make(Parameter p) => eightBit ? new AdamW8bit(Params(p), new AdamWHyperParameters()) : new AdamW(Params(p), new AdamWHyperParameters());
        var generator = new Generator(1);
        var grads = Enumerable.Range(0, 6).Select(_ => randn([300], generator: generator)).ToArray();
        var straight = new Parameter(ones(300));
        var resumed = new Parameter(ones(300));
        using var a = Make(straight);
        var b = Make(resumed);
        for (int i = 0; i < 3; i++)
        {
            straight.grad = grads[i].clone(); a.Step(1e-2);
            resumed.grad = grads[i].clone(); b.Step(1e-2);
        }
        var saved = b.StateDict();
        b.Dispose();
        using var c = Make(resumed);
        c.LoadStateDict(saved);
        for (int i = 3; i < 6; i++)
        {
            straight.grad = grads[i].clone(); a.Step(1e-2);
            resumed.grad = grads[i].clone(); c.Step(1e-2);
        }
        Assert.True(straight.eq(resumed).all().item<bool>());
    }

    [Fact]
    public void TheParameters_LiveInTheOptimizersStorage_AndAnOlderOptimizerRefusesToStep()
    {
        var p = new Parameter(tensor(new[] { 1.0f, 2.0f }));
        var q = new Parameter(tensor(new[] { 3.0f, 4.0f }));
        using var first = new AdamW(Params(p, q), new AdamWHyperParameters());
        // Moved, not changed: both still read as before, and both are rows of one stacked tensor now.
        Assert.Equal(new[] { 1.0f, 2.0f }, p.data<float>().ToArray());
        Assert.Equal(new[] { 3.0f, 4.0f }, q.data<float>().ToArray());
        Assert.Equal(p.storage_offset() + 2, q.storage_offset());
        using (no_grad()) p.PlusInPlace(ones(2)); // a change through one is seen in the storage they share
        Assert.Equal(new[] { 2.0f, 3.0f, 3.0f, 4.0f }, q.storage<float>().ToArray()[..4]);
        Assert.True(p.requires_grad && p.is_leaf);

        using var second = new AdamW(Params(p, q), new AdamWHyperParameters());
        p.grad = ones(2);
        q.grad = ones(2);
        var error = Assert.Throws<InvalidOperationException>(() => first.Step(1e-2));
        Assert.Contains("another optimizer", error.Message);
        Assert.Equal(0L, first.StateDict()["step"].item<long>()); // refused before counting the step
        Tensor before = p.detach().clone();
        second.Step(1e-2);
        Assert.True(p.lt(before).all().item<bool>()); // the newest one updates them
    }
}
