using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Runtime;

/// <summary>TorchSharp and libtorch load here and compute forward, backward and an AdamW step correctly.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class TorchSharpSmokeTests
{
    public TorchSharpSmokeTests() => LibTorchLoader.EnsureLoaded();

    [Fact]
    public void LinearForwardBackwardAdamWStep_MatchesFloat64HandComputation()
    {
        double[,] w0 = { { 0.5, -0.25, 0.125 }, { -0.75, 0.3, 0.9 } };
        double[] b0 = [0.1, -0.2];
        double[,] x = { { 1, 2, 3 }, { -1, 0.5, 2 }, { 0.25, -1.5, 1 }, { 2, 1, -1 } };
        double[,] y = { { 1, 0 }, { 0, 1 }, { -1, 0.5 }, { 0.5, -0.5 } };
        const double lr = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.01;

        // TorchSharp in float32: forward, MSE loss, backward, one AdamW step.
        using var scope = NewDisposeScope();
        var linear = nn.Linear(3, 2);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(Flatten(w0), [2, 3]));
            linear.bias!.copy_(tensor(b0));
        }
        var optimizer = optim.AdamW(linear.parameters(), lr, beta1, beta2, eps, weightDecay);
        var loss = nn.functional.mse_loss(linear.forward(tensor(Flatten(x), [4, 3])), tensor(Flatten(y), [4, 2]));
        loss.backward();
#pragma warning disable RS0030 // TorchSharp's own AdamW is what this test checks; its step passes temporary Scalars itself
        optimizer.step();
#pragma warning restore RS0030

        // The same in float64 by hand: out = x·wᵀ + b, loss = mean((out − y)²), dL/dout = 2(out − y)/8.
        var (expectedLoss, gradW, gradB) = MseGradients(w0, b0, x, y);
        double[] expectedW = AdamWFirstStep(Flatten(w0), Flatten(gradW), lr, eps, weightDecay);
        double[] expectedB = AdamWFirstStep(b0, gradB, lr, eps, weightDecay);

        Assert.Equal(expectedLoss, loss.item<float>(), 5);
        AssertClose(expectedW, linear.weight!.data<float>().ToArray());
        AssertClose(expectedB, linear.bias!.data<float>().ToArray());
        optimizer.Dispose();
    }

    static (double Loss, double[,] GradW, double[] GradB) MseGradients(double[,] w, double[] b, double[,] x, double[,] y)
    {
        int n = x.GetLength(0), outF = w.GetLength(0), inF = w.GetLength(1);
        double loss = 0;
        var gradW = new double[outF, inF];
        var gradB = new double[outF];
        for (int i = 0; i < n; i++)
        for (int o = 0; o < outF; o++)
        {
            double output = b[o];
            for (int k = 0; k < inF; k++) output += x[i, k] * w[o, k];
            double diff = output - y[i, o];
            loss += diff * diff / (n * outF);
            double dOut = 2 * diff / (n * outF);
            gradB[o] += dOut;
            for (int k = 0; k < inF; k++) gradW[o, k] += dOut * x[i, k];
        }
        return (loss, gradW, gradB);
    }

    /// <summary>AdamW's first step: decoupled decay, then m̂ = g and v̂ = g² after bias correction.</summary>
    static double[] AdamWFirstStep(double[] p, double[] g, double lr, double eps, double weightDecay) =>
        p.Select((value, i) => value * (1 - lr * weightDecay) - lr * g[i] / (Math.Abs(g[i]) + eps)).ToArray();

    static double[] Flatten(double[,] a) => a.Cast<double>().ToArray();

    static Tensor tensor(double[] values, long[]? shape = null)
    {
        var t = torch.tensor(values.Select(v => (float)v).ToArray());
        return shape is null ? t : t.reshape(shape);
    }

    static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-6, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
