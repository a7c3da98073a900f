using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Optimizers;

/// <summary>
/// AdamW with decoupled weight decay and fp32 moments (PyTorch's update rule), with a state that is plain named
/// tensors: <c>{name}.exp_avg</c>, <c>{name}.exp_avg_sq</c> and <c>step</c>.
/// </summary>
public class AdamW(IReadOnlyList<(string Name, Parameter Parameter)> parameters, AdamWHyperParameters hyper) : ITrainingOptimizer
{
    protected IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; } = parameters;
    protected AdamWHyperParameters Hyper { get; } = hyper;
    protected long StepCount { get; private set; }

    readonly Dictionary<string, (Tensor ExpAvg, Tensor ExpAvgSq)> _moments = new();

    public virtual long StateBytes => _moments.Values.Sum(m => (m.ExpAvg.numel() + m.ExpAvgSq.numel()) * 4);

    public void Step(double lr)
    {
        StepCount++;
        double biasCorrection1 = 1 - Math.Pow(Hyper.Beta1, StepCount);
        double biasCorrection2 = 1 - Math.Pow(Hyper.Beta2, StepCount);
        using var _ = no_grad();
        foreach (var (name, p) in Parameters)
        {
            if (p.grad is not { } grad) continue;
            using var scope = NewDisposeScope();
            p.mul_(1 - lr * Hyper.WeightDecay);
            var (m, v) = LoadMoments(name, p);
            m.mul_(Hyper.Beta1).add_(grad, alpha: 1 - Hyper.Beta1);
            v.mul_(Hyper.Beta2).addcmul_(grad, grad, value: 1 - Hyper.Beta2);
            var denominator = (v.sqrt() / Math.Sqrt(biasCorrection2)).add_(Hyper.Eps);
            p.addcdiv_(m, denominator, value: -lr / biasCorrection1);
            StoreMoments(name, m, v);
        }
    }

    /// <summary>The moments as fp32 tensors to update in place; the 8-bit variant dequantizes here.</summary>
    protected virtual (Tensor ExpAvg, Tensor ExpAvgSq) LoadMoments(string name, Parameter p)
    {
        if (!_moments.TryGetValue(name, out var moments))
        {
            moments = (zeros_like(p, dtype: ScalarType.Float32).DetachFromDisposeScope(), zeros_like(p, dtype: ScalarType.Float32).DetachFromDisposeScope());
            _moments[name] = moments;
        }
        return moments;
    }

    /// <summary>Called after the update; fp32 moments were updated in place, the 8-bit variant re-quantizes here.</summary>
    protected virtual void StoreMoments(string name, Tensor expAvg, Tensor expAvgSq)
    {
    }

    public void ZeroGrad()
    {
        foreach (var (_, p) in Parameters) p.grad = null;
    }

    public virtual IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor> { ["step"] = tensor(new[] { StepCount }) };
        foreach (var (name, (m, v)) in _moments)
        {
            state[$"{name}.exp_avg"] = m.cpu().clone();
            state[$"{name}.exp_avg_sq"] = v.cpu().clone();
        }
        return state;
    }

    public virtual void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        RestoreStep(state);
        foreach (var (name, p) in Parameters)
        {
            if (!state.TryGetValue($"{name}.exp_avg", out var m) || !state.TryGetValue($"{name}.exp_avg_sq", out var v)) continue;
            CheckShape(name, m, p);
            Dispose(name);
            _moments[name] = (m.to(ScalarType.Float32, p.device).clone().DetachFromDisposeScope(), v.to(ScalarType.Float32, p.device).clone().DetachFromDisposeScope());
        }
    }

    protected void RestoreStep(IReadOnlyDictionary<string, Tensor> state) =>
        StepCount = state.TryGetValue("step", out var step) ? step.item<long>() : throw new InvalidDataException("optimizer state has no 'step' entry");

    protected static void CheckShape(string name, Tensor state, Parameter p)
    {
        if (state.numel() != p.numel())
            throw new InvalidDataException($"optimizer state for '{name}' has {state.numel()} elements but the parameter has {p.numel()} (was the network rank changed?)");
    }

    void Dispose(string name)
    {
        if (_moments.Remove(name, out var old))
        {
            old.ExpAvg.Dispose();
            old.ExpAvgSq.Dispose();
        }
    }

    public virtual void Dispose()
    {
        foreach (string name in _moments.Keys.ToList()) Dispose(name);
        GC.SuppressFinalize(this);
    }
}
