using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Optimizers;

/// <summary>
/// Parameters of one shape, dtype and device, updated together: a LoRA has hundreds of factors but only a handful of
/// shapes, so the optimizer runs each operation once per group over the stacked factors instead of once per factor
/// (thousands of tiny kernels per step otherwise).
/// </summary>
public sealed record ParameterGroup(string Key, IReadOnlyList<(string Name, Parameter Parameter)> Members)
{
    public long[] Shape => Members[0].Parameter.shape;

    /// <summary>The members' current values stacked, (n, …shape): a copy, row i for member i.</summary>
    public Tensor StackedValues() => stack(Members.Select(m => (Tensor)m.Parameter).ToArray());

    /// <summary>Groups in first-seen order, members in the given order.</summary>
    public static IReadOnlyList<ParameterGroup> Of(IReadOnlyList<(string Name, Parameter Parameter)> parameters) =>
        parameters
            .GroupBy(p => $"{p.Parameter.dtype} {p.Parameter.device} [{string.Join(", ", p.Parameter.shape)}]")
            .Select(g => new ParameterGroup(g.Key, g.ToList()))
            .ToList();
}
