using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Training.Optimizers;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// An exponential moving average of the LoRA parameters (ai-toolkit's ema_config): after every optimizer step
/// shadow ← decay·shadow + (1 − decay)·param. When enabled, checkpoints and the final LoRA carry the shadows.
/// Shadows of one shape are kept stacked (<see cref="ParameterGroup"/>), so an update is three operations per group
/// rather than two per factor; each named shadow is a view of its row.
/// </summary>
public sealed class EmaTracker : IDisposable
{
    readonly IReadOnlyList<ParameterGroup> _groups;
    readonly List<Tensor> _stacks = [];
    readonly Dictionary<string, Tensor> _shadows = [];
    readonly double _decay;

    public EmaTracker(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double decay)
    {
        _decay = decay;
        _groups = ParameterGroup.Of(parameters);
        using var _ = no_grad();
        foreach (ParameterGroup group in _groups)
        {
            Tensor stack = group.StackedValues().DetachFromDisposeScope(); // a copy: the shadows start at the parameters
            _stacks.Add(stack);
            for (int i = 0; i < group.Members.Count; i++) _shadows[group.Members[i].Name] = stack[i].DetachFromDisposeScope();
        }
    }

    public IReadOnlyDictionary<string, Tensor> Shadows => _shadows;

    public void Update()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using Scalar keep = _decay.ToScalar(), take = (1 - _decay).ToScalar(); // held across the calls (HeldScalars)
        for (int g = 0; g < _groups.Count; g++) _stacks[g].mul_(keep).add_(_groups[g].StackedValues(), alpha: take);
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
        foreach (Tensor t in _stacks) t.Dispose();
    }
}
