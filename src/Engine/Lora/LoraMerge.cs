using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Lora;

/// <summary>
/// A LoRA merged into a model's Linear weights: <c>W ← W + multiplier · scale · (B·A)</c>, computed in float32 and
/// cast back to the weight dtype. <see cref="Unmerge"/> restores the weights exactly: the originals are kept (on the
/// weights' device, one copy of each touched weight) because subtracting the delta again is not exact after the
/// cast to bf16.
/// </summary>
public sealed class LoraMerge : IDisposable
{
    readonly List<(Parameter Weight, Tensor Original)> _merged = [];
    bool _unmerged;
    bool _released;

    public double Multiplier { get; }
    public IReadOnlyList<string> Modules { get; }

    LoraMerge(double multiplier, IReadOnlyList<string> modules)
    {
        Multiplier = multiplier;
        Modules = modules;
    }

    /// <summary>Checks every factor against the model first (nothing is changed on error), then merges.</summary>
    /// <param name="within">merges only into these layers (a base reaching the device part by part); null: all.</param>
    /// <exception cref="LoraFormatException">a module is not a Linear of the model, or a factor's shape does not fit it.</exception>
    public static LoraMerge Apply(nn.Module model, ZImageLora lora, double multiplier = 1.0, IReadOnlyCollection<Linear>? within = null)
    {
        var targets = Resolve(model, lora);
        if (within is not null)
        {
            var only = new HashSet<Linear>(within, ReferenceEqualityComparer.Instance);
            targets = targets.Where(t => only.Contains(t.Value)).ToDictionary(StringComparer.Ordinal);
        }
        var merge = new LoraMerge(multiplier, targets.Keys.ToList());
        using var _ = no_grad();
        foreach (var (module, linear) in targets)
        {
            using var scope = NewDisposeScope();
            LoraPair pair = lora.Pairs[module];
            Parameter weight = linear.weight;
            Tensor delta = pair.B.to(ScalarType.Float32, weight.device).matmul(pair.A.to(ScalarType.Float32, weight.device)); // (out, in)
            using Scalar factor = (multiplier * pair.Scale).ToScalar(); // held across the call (HeldScalars)
            Tensor merged = weight.to(ScalarType.Float32).Plus(delta.mul(factor));
            merge._merged.Add((weight, weight.clone().DetachFromDisposeScope()));
            weight.copy_(merged.to(weight.dtype));
        }
        return merge;
    }

    /// <summary>The model's Linear for every LoRA module, with shapes checked.</summary>
    public static Dictionary<string, Linear> Resolve(nn.Module model, ZImageLora lora)
    {
        var linears = model.named_modules().Where(m => m.module is Linear).ToDictionary(m => m.name, m => (Linear)m.module, StringComparer.Ordinal);
        var targets = new Dictionary<string, Linear>(StringComparer.Ordinal);
        foreach (var (module, pair) in lora.Pairs)
        {
            string key = lora.SourceKeys[module];
            if (!linears.TryGetValue(module, out Linear? linear))
                throw new LoraFormatException(lora.Path, key, $"targets '{module}', which is not a Linear layer of the model");
            if (pair.A.shape[1] != linear.in_features || pair.B.shape[0] != linear.out_features)
                throw new LoraFormatException(lora.Path, key,
                    $"factors A {ShapeText.Of(pair.A.shape)} / B {ShapeText.Of(pair.B.shape)} do not fit '{module}' ({linear.in_features} → {linear.out_features})");
            targets[module] = linear;
        }
        return targets;
    }

    /// <summary>Puts the original weights back, bit for bit.</summary>
    public void Unmerge()
    {
        if (_unmerged) return;
        if (_released) throw new InvalidOperationException("the original weights were released by Dispose; the merge can no longer be undone exactly");
        using (no_grad())
            foreach (var (weight, original) in _merged) weight.copy_(original);
        _unmerged = true;
        Dispose();
    }

    /// <summary>Frees the kept originals; the merge stays in place (call <see cref="Unmerge"/> first to undo it).</summary>
    public void Dispose()
    {
        foreach (var (_, original) in _merged) original.Dispose();
        _merged.Clear();
        _released = true;
    }
}
