using ZImageSweep.Engine.Lora;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>
/// Puts other values (the EMA shadows, which are what a checkpoint saves when EMA is on) into a LoRA's parameters for a
/// while and copies the live values back afterwards, bit for bit, so training continues exactly as before.
/// </summary>
public sealed class SwappedWeights : IDisposable
{
    readonly IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> _parameters;
    readonly Dictionary<string, Tensor> _live;

    public SwappedWeights(LoraNetwork lora, IReadOnlyDictionary<string, Tensor> values)
    {
        _parameters = lora.Parameters();
        using var _ = no_grad();
        _live = _parameters.ToDictionary(p => p.Name, p => p.Parameter.detach().clone().DetachFromDisposeScope());
        foreach (var (name, parameter) in _parameters) parameter.copy_(values[name]);
    }

    public void Dispose()
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in _parameters) parameter.copy_(_live[name]);
        foreach (Tensor t in _live.Values) t.Dispose();
    }
}
