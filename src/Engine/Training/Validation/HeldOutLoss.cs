using ZImageSweep.Contracts.Artifacts;
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
    /// <summary>σ as configured, for the item keys: the float32 copies would print as 0.10000000149011612.</summary>
    readonly double[] _configuredSigmas;

    public HeldOutLoss(IReadOnlyList<HeldOutExample> examples, IReadOnlyList<double> sigmas, long seed)
    {
        if (examples.Count == 0) throw new ArgumentException("the held-out loss needs at least one held-out image", nameof(examples));
        _examples = examples;
        _configuredSigmas = [.. sigmas];
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

    /// <summary>
    /// The loss of each (image, σ), mean((v̂ − (noise − x0))²) with x_σ = (1 − σ)·x0 + σ·noise, keyed by
    /// <see cref="ValidationItems.LossKey"/>. Every image has every σ, so the plain mean of the items is the held-out
    /// loss: the mean over images of the mean over σ.
    /// </summary>
    public IReadOnlyDictionary<string, double> ComputeItems(ZImageTransformer2DModel transformer, CaptionEmbeddings embeddings)
    {
        using var _ = no_grad();
        Device device = transformer.Device;
        var items = new Dictionary<string, double>();
        for (int i = 0; i < _examples.Count; i++)
        {
            using var scope = NewDisposeScope();
            Tensor x0 = _examples[i].Latent.to(device).unsqueeze(0);                // (1, 16, h, w)
            Tensor noise = Noise[i].to(device);                                      // (T, 16, h, w)
            Tensor sigma = tensor(_sigmas, device: device).view(-1, 1, 1, 1);       // (T, 1, 1, 1)
            Tensor clean = sigma.OneMinus();                                        // 1 − σ
            Tensor xt = (clean * x0).Plus(sigma * noise);
            var captions = Enumerable.Repeat(embeddings[_examples[i].Caption], _sigmas.Length).ToList();
            Tensor prediction = VelocityPrediction.Of(transformer, xt, clean.flatten(), captions);
            float[] perSigma = FlowMatchLoss.PerItem(prediction, noise - x0, LossType.Mse).cpu().data<float>().ToArray(); // (T); one sync per image
            for (int s = 0; s < _sigmas.Length; s++) items[ValidationItems.LossKey(_examples[i].ImagePath, _configuredSigmas[s])] = perSigma[s];
        }
        return items;
    }

    public void Dispose()
    {
        foreach (Tensor noise in Noise) noise.Dispose();
    }
}
