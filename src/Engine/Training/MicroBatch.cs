using ZImageSweep.Engine.Training.Timesteps;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// One micro-batch of one arm, drawn from its own data order and random streams (docs/training.md#loss, steps 1–4):
/// clean latents x0, noise, noisy latents x_t = (1 − σ)·x0 + σ·noise, model times, the timestep draws (for the loss
/// weights) and the caption embeddings after dropout.
/// </summary>
public sealed record MicroBatch(int[] Items, Tensor X0, Tensor Noise, Tensor Xt, Tensor T, IReadOnlyList<TrainingTimestep> Draws, IReadOnlyList<Tensor> Captions)
{
    public int Count => Items.Length;
}
