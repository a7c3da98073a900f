using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Optimizers;

/// <summary>
/// An optimizer over named parameters whose whole state can be saved with a checkpoint and restored exactly,
/// so a resumed run continues the same trajectory.
/// </summary>
public interface ITrainingOptimizer : IDisposable
{
    /// <summary>
    /// One update of every parameter that has a gradient, at this learning rate, after scaling the gradients to a
    /// total L2 norm of at most <paramref name="maxGradNorm"/> (PyTorch's <c>clip_grad_norm_</c>; infinity: no clipping).
    /// </summary>
    void Step(double lr, double maxGradNorm = double.PositiveInfinity);

    /// <summary>Sets every gradient to null (PyTorch's default since 2.0).</summary>
    void ZeroGrad();

    /// <summary>Bytes held by the optimizer state (moments, scales), for memory reports and tests.</summary>
    long StateBytes { get; }

    /// <summary>The state as named CPU tensors (safetensors-ready), including the step count.</summary>
    IReadOnlyDictionary<string, Tensor> StateDict();

    /// <summary>Restores <see cref="StateDict"/> output; names and shapes must match the parameters.</summary>
    void LoadStateDict(IReadOnlyDictionary<string, Tensor> state);
}
