using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// An exponential moving average of the LoRA parameters (ai-toolkit's ema_config): after every optimizer step
/// shadow ← decay·shadow + (1 − decay)·param. When enabled, checkpoints and the final LoRA carry the shadows.
/// </summary>
public sealed class EmaTracker(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double decay) : IDisposable
{
    readonly Dictionary<string, Tensor> _shadows = parameters.ToDictionary(p => p.Name, p => p.Parameter.detach().clone().DetachFromDisposeScope());

    public IReadOnlyDictionary<string, Tensor> Shadows => _shadows;

    public void Update()
    {
        using var _ = no_grad();
        using Scalar keep = decay.ToScalar(), take = (1 - decay).ToScalar(); // held across the calls (HeldScalars)
        foreach (var (name, p) in parameters) _shadows[name].mul_(keep).add_(p, alpha: take);
    }

    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        using var _ = no_grad();
        foreach (var (name, shadow) in _shadows)
            if (state.TryGetValue(name, out var saved)) shadow.copy_(saved);
    }

    public void Dispose()
    {
        foreach (Tensor t in _shadows.Values) t.Dispose();
    }
}
