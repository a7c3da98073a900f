using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training.Loss;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>
/// The held-out loss: the training loss (flow-matching MSE on the velocity, docs/training.md#loss, without timestep
/// weights so arms with different weightings stay comparable) averaged over held-out images × fixed σ. The noise of
/// every (image, σ) is drawn once, from the validation seed, so every checkpoint of every arm is scored on exactly the
/// same inputs and differences come from the LoRA alone. Callers decide the model state (adapter merged, user LoRA on).
/// </summary>
public sealed class HeldOutLoss : IDisposable
{
    readonly IReadOnlyList<HeldOutExample> _examples;
    readonly float[] _sigmas;

    public HeldOutLoss(IReadOnlyList<HeldOutExample> examples, IReadOnlyList<double> sigmas, long seed)
    {
        if (examples.Count == 0) throw new ArgumentException("the held-out loss needs at least one held-out image", nameof(examples));
        _examples = examples;
        _sigmas = sigmas.Select(s => (float)s).ToArray();
        using var generator = new Generator(unchecked((ulong)seed), CPU);
        Noise = examples.Select(e => DrawNoise(e.Latent.shape, generator)).ToList();
    }

    Tensor DrawNoise(long[] latentShape, Generator generator)
    {
        long[] shape = [_sigmas.Length, .. latentShape];
        return randn(shape, ScalarType.Float32, CPU, generator: generator).DetachFromDisposeScope();
    }

    /// <summary>The fixed noise of each held-out image, (σ count, 16, h, w), in σ order.</summary>
    public IReadOnlyList<Tensor> Noise { get; }

    /// <summary>mean over images of mean over σ of mean((v̂ − (noise − x0))²), with x_σ = (1 − σ)·x0 + σ·noise.</summary>
    public double Compute(ZImageTransformer2DModel transformer, CaptionEmbeddings embeddings)
    {
        using var _ = no_grad();
        Device device = transformer.Device;
        double total = 0;
        for (int i = 0; i < _examples.Count; i++)
        {
            using var scope = NewDisposeScope();
            Tensor x0 = _examples[i].Latent.to(device).unsqueeze(0);                // (1, 16, h, w)
            Tensor noise = Noise[i].to(device);                                      // (T, 16, h, w)
            Tensor sigma = tensor(_sigmas, device: device).view(-1, 1, 1, 1);       // (T, 1, 1, 1)
            Tensor clean = sigma.neg().add(HeldScalars.One);                        // 1 − σ
            Tensor xt = clean * x0 + sigma * noise;
            var captions = Enumerable.Repeat(embeddings[_examples[i].Caption], _sigmas.Length).ToList();
            Tensor prediction = VelocityPrediction.Of(transformer, xt, clean.flatten(), captions);
            total += FlowMatchLoss.Compute(prediction, noise - x0, Enumerable.Repeat(1.0, _sigmas.Length).ToList(), LossType.Mse).item<float>();
        }
        return total / _examples.Count;
    }

    public void Dispose()
    {
        foreach (Tensor noise in Noise) noise.Dispose();
    }
}
