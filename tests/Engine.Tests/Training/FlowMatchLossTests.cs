using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Loss;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class FlowMatchLossTests
{
    public FlowMatchLossTests() => LibTorchLoader.EnsureLoaded();

    // Two items of one element each keep the arithmetic visible: diffs are 1 and −2.
    static Tensor Pred(bool grad = false) => tensor(new[] { 1f, 0f }).reshape(2, 1, 1, 1).requires_grad_(grad);
    static Tensor Target => tensor(new[] { 0f, 2f }).reshape(2, 1, 1, 1);

    [Fact]
    public void Mse_IsTheWeightedMeanOfSquaredErrors() =>
        Assert.Equal((0.5 * 1 + 2.0 * 4) / 2, FlowMatchLoss.Compute(Pred(), Target, [0.5, 2.0], LossType.Mse).item<float>(), 6);

    [Fact]
    public void Mae_IsTheWeightedMeanOfAbsoluteErrors() =>
        Assert.Equal((1.0 * 1 + 1.0 * 2) / 2, FlowMatchLoss.Compute(Pred(), Target, [1.0, 1.0], LossType.Mae).item<float>(), 6);

    [Fact]
    public void DifferentialGuidance_ScalesTheGradientByS()
    {
        var plain = Pred(grad: true);
        FlowMatchLoss.Compute(plain, Target, [1, 1], LossType.Mse).backward();
        var guided = Pred(grad: true);
        Tensor loss = FlowMatchLoss.Compute(guided, Target, [1, 1], LossType.Mse, differentialGuidanceScale: 3.0);
        loss.backward();
        // target′ = p + 3(t − p) ⇒ p − target′ = 3(p − t): the gradient triples and the loss grows nine-fold.
        Assert.Equal(new[] { 1f, -2f }, plain.grad!.flatten().data<float>().ToArray());  // 2·diff/2 per item
        Assert.Equal(new[] { 3f, -6f }, guided.grad!.flatten().data<float>().ToArray());
        Assert.Equal(9 * (1 + 4) / 2.0, loss.item<float>(), 5);
    }

    [Fact]
    public void Preservation_IsThePlainMseToThePriorTimesTheMultiplier()
    {
        var withLora = tensor(new[] { 1f, 3f }).reshape(2, 1, 1, 1);
        var prior = tensor(new[] { 0f, 1f }).reshape(2, 1, 1, 1);
        Assert.Equal(0.5 * (1 + 4) / 2, FlowMatchLoss.Preservation(withLora, prior, 0.5).item<float>(), 6);
    }
}
