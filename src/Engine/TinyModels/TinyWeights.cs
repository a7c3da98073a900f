using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.TinyModels;

/// <summary>
/// Deterministic initialisation of every parameter and persistent buffer of a module, by rule, in key order, from one
/// seeded CPU generator. Constructors are not trusted: some leave tensors uninitialised (<c>torch.empty</c>), which
/// can hold NaN, so every entry of the state dict is overwritten and then checked to be finite.
/// </summary>
public static class TinyWeights
{
    /// <summary>The rule for one state-dict entry (one line per rule).</summary>
    public enum Rule
    {
        /// <summary><c>*.bias</c>: zeros.</summary>
        Zeros,
        /// <summary>1-D <c>*.weight</c> (RMSNorm, GroupNorm, q/k norms): ones.</summary>
        Ones,
        /// <summary>Everything with 2 or more dimensions (Linear, Conv2d, embeddings, pad tokens): normal(0, std).</summary>
        Normal,
    }

    public static Rule RuleFor(string key, long[] shape) => key switch
    {
        _ when key.EndsWith(".bias", StringComparison.Ordinal) => Rule.Zeros,
        _ when shape.Length == 1 && key.EndsWith(".weight", StringComparison.Ordinal) => Rule.Ones,
        _ when shape.Length >= 2 => Rule.Normal,
        _ => throw new InvalidOperationException($"no initialisation rule for '{key}' [{string.Join(", ", shape)}]"),
    };

    /// <summary>A generator per component, so that changing one component's size leaves the others' values alone.</summary>
    public static Generator Generator(long seed, string component) =>
        new(unchecked((ulong)seed * 1_000_003UL + (ulong)StableHash(component)), CPU);

    /// <exception cref="InvalidOperationException">an entry has no rule, or a value is not finite afterwards.</exception>
    public static void Initialize(nn.Module module, Generator generator, double std)
    {
        using var _ = no_grad();
        foreach (var (key, tensor) in module.state_dict().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            using var scope = NewDisposeScope();
            switch (RuleFor(key, tensor.shape))
            {
                case Rule.Zeros: tensor.zero_(); break;
                case Rule.Ones: tensor.fill_(HeldScalars.One); break;
                case Rule.Normal: tensor.copy_(Normal(tensor.shape, std, generator)); break;
            }
            if (!isfinite(tensor).all().item<bool>()) throw new InvalidOperationException($"'{key}' is not finite after initialisation");
        }
    }

    /// <summary>normal(0, std) float32 on the CPU from <paramref name="generator"/>.</summary>
    public static Tensor Normal(long[] shape, double std, Generator generator)
    {
        using Scalar deviation = std.ToScalar(); // held across the call (HeldScalars)
        return WrappedTensorDisposeScope(() => randn(shape, ScalarType.Float32, CPU, generator: generator).mul_(deviation));
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text) hash = (hash ^ c) * 16777619;
        return hash;
    }
}
