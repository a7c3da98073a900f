using TorchSharp;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Loss;

/// <summary>
/// ai-toolkit's flow-matching loss for Z-Image (docs/training.md#loss, steps 6–9): target = noise − x0, element loss
/// (squared or absolute error, float32), optional per-item timestep weight, mean over C·H·W per item, mean over
/// the batch. Differential guidance, when asked for, replaces the target by pred + s·(target − pred) computed
/// without gradient (docs/training.md#differential-guidance, as in ai-toolkit PR #974, i.e. outside the guidance-loss branch).
/// </summary>
public static class FlowMatchLoss
{
    /// <param name="prediction">−model output, float32 (B, C, H, W).</param>
    /// <param name="target">noise − x0, float32 (B, C, H, W).</param>
    /// <param name="weights">per-item loss weights (B).</param>
    public static Tensor Compute(Tensor prediction, Tensor target, IReadOnlyList<double> weights, LossType lossType, double? differentialGuidanceScale = null)
    {
        using var scope = NewDisposeScope();
        Tensor goal = target.detach();
        if (differentialGuidanceScale is double s)
        {
            using var _ = no_grad();
            Tensor p = prediction.detach();
            using Scalar scale = s.ToScalar(); // held across the call (HeldScalars)
            goal = p.Plus((goal - p).mul(scale));
        }
        Tensor perItem = PerItem(prediction, goal, lossType);                                     // (B)
        Tensor w = tensor(weights.Select(v => (float)v).ToArray(), device: prediction.device);  // (B)
        return (perItem * w).mean().MoveToOuterDisposeScope();
    }

    /// <summary>The unweighted loss of each item, (B): the mean over its elements of the squared (or absolute) error.</summary>
    public static Tensor PerItem(Tensor prediction, Tensor goal, LossType lossType)
    {
        Tensor diff = prediction - goal;
        Tensor elementLoss = lossType switch
        {
            LossType.Mse => diff.Squared(),
            LossType.Mae => diff.abs(),
            _ => throw new ArgumentOutOfRangeException(nameof(lossType), lossType, null),
        };
        return elementLoss.mean([1, 2, 3]);
    }

    /// <summary>The DOP term: plain mean squared error between the LoRA's and the prior's predictions, times the multiplier.</summary>
    public static Tensor Preservation(Tensor withLora, Tensor prior, double multiplier)
    {
        using var scope = NewDisposeScope();
        using Scalar weight = multiplier.ToScalar(); // held across the call (HeldScalars)
        return (withLora - prior.detach()).Squared().mean().mul(weight).MoveToOuterDisposeScope();
    }
}
