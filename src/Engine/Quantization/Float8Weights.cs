using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Offloading;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Quantization;

/// <summary>
/// ai-toolkit's <c>model.quantize</c> for the frozen base (qtype float8): every Linear weight outside the excluded
/// embedders is stored as float8 e4m3 codes with one float32 scale per output channel (absmax / 448), about half the
/// bytes of bf16. The weight is dequantized just before its layer runs (a forward pre-hook) and let go right after
/// (a forward hook), so only the layers in flight hold full-precision weights; with gradient checkpointing that is
/// one block during backward. Apply it after merging the training adapter, as ai-toolkit does.
/// </summary>
public sealed class Float8Weights : IDisposable
{
    static readonly Scalar SmallestScale = 1e-12f.ToScalar(); // held for the process (HeldScalars)

    /// <summary>Kept in full precision, as in ai-toolkit's Z-Image quantisation.</summary>
    public static readonly IReadOnlyList<string> ExcludedPrefixes = ["t_embedder", "cap_embedder", "all_x_embedder", "all_final_layer"];

    /// <summary>One quantized layer; its codes and scales are replaced while layer offloading keeps them on the host.</summary>
    sealed class Quantized(Linear linear, Tensor codes, Tensor scales, ScalarType dtype)
    {
        public Linear Linear { get; } = linear;
        public Tensor Codes { get; set; } = codes;
        public Tensor Scales { get; set; } = scales;
        public ScalarType DType { get; } = dtype;
        public Action RemoveHooks { get; set; } = () => { };
    }

    readonly List<Quantized> _layers = [];
    readonly Dictionary<Linear, Quantized> _byLinear = new(ReferenceEqualityComparer.Instance);
    readonly HashSet<Linear> _quantizable;
    readonly Tensor _table;

    public long StoredBytes => _layers.Sum(q => q.Codes.numel() + q.Scales.numel() * 4);
    public int LayerCount => _layers.Count;

    Float8Weights(Device device, IEnumerable<Linear> quantizable)
    {
        _quantizable = new HashSet<Linear>(quantizable, ReferenceEqualityComparer.Instance);
        _table = Float8E4M3.DecodeTable(device).DetachFromDisposeScope();
    }

    /// <summary>Quantizes every Linear of <paramref name="model"/> outside the excluded embedders, where it is.</summary>
    public static Float8Weights Apply(nn.Module model)
    {
        List<Linear> linears = Quantizable(model);
        var weights = new Float8Weights(linears[0].weight!.device, linears);
        weights.QuantizeWithin(model);
        return weights;
    }

    /// <summary>
    /// For a base that reaches <paramref name="device"/> part by part (Offloading/TransformerHostLoad): nothing is
    /// quantized yet; <see cref="QuantizeWithin"/> quantizes each part once it is there, with the numerics of
    /// <see cref="Apply"/> (same layers, same device, same codes and scales).
    /// </summary>
    public static Float8Weights ForParts(nn.Module model, Device device) => new(device, Quantizable(model));

    /// <summary>Quantizes the layers of <paramref name="part"/> that <see cref="Apply"/> would and that are not quantized yet.</summary>
    public void QuantizeWithin(nn.Module part)
    {
        foreach (Linear linear in part.modules().OfType<Linear>())
            if (_quantizable.Contains(linear) && !_byLinear.ContainsKey(linear)) Quantize(linear);
    }

    static List<Linear> Quantizable(nn.Module model)
    {
        var linears = model.named_modules()
            .Where(m => m.module is Linear && !ExcludedPrefixes.Any(p => m.name.StartsWith(p, StringComparison.Ordinal)))
            .Select(m => (Linear)m.module).ToList();
        if (linears.Count == 0) throw new ArgumentException("the model has no Linear layers to quantize", nameof(model));
        return linears;
    }

    void Quantize(Linear linear)
    {
        if (linear.weight!.device_type != _table.device_type || linear.weight.device_index != _table.device_index)
            throw new InvalidOperationException($"a layer on {linear.weight.device} cannot be quantized for {_table.device}: bring it to the device first");
        Tensor codes, scales;
        ScalarType dtype = linear.weight!.dtype;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            Tensor w = linear.weight.to(ScalarType.Float32);                                            // (out, in)
            scales = w.abs().amax([1], keepdim: true).div(Float8E4M3.HeldMaxFinite).clamp_min(SmallestScale); // (out, 1)
            codes = Float8E4M3.Encode(w / scales).MoveToOuterDisposeScope();
            scales = scales.MoveToOuterDisposeScope();
        }
        codes.DetachFromDisposeScope();
        scales.DetachFromDisposeScope();
        // Linear's weight setter disposes the weight it replaces: the full-precision weight is released here, each
        // dequantized copy after its call (autograd keeps its own reference where backward needs it).
        Device device = codes.device; // the codes may be replaced (layer offloading), the device stays
        Parameter Placeholder() => new(empty(0, dtype: dtype, device: device), requires_grad: false);
        linear.weight = Placeholder();
        var layer = new Quantized(linear, codes, scales, dtype);
        var pre = linear.register_forward_pre_hook((module, input) =>
        {
            linear.weight = new Parameter(Dequantize(layer.Codes, layer.Scales, dtype), requires_grad: false);
            return input;
        });
        var post = linear.register_forward_hook((module, input, output) =>
        {
            linear.weight = Placeholder();
            return output;
        });
        layer.RemoveHooks = () => { pre.remove(); post.remove(); };
        _layers.Add(layer);
        _byLinear.Add(linear, layer);
    }

    /// <summary>
    /// The stored codes and scales of <paramref name="linear"/> as tensors layer offloading may move (Offloading/),
    /// or null when this layer is not quantized.
    /// </summary>
    public IReadOnlyList<FrozenTensor>? FrozenTensorsOf(Linear linear) =>
        _byLinear.TryGetValue(linear, out Quantized? layer)
            ?
            [
                new FrozenTensor("codes", () => layer.Codes, t => { using Tensor old = layer.Codes; layer.Codes = t; }),
                new FrozenTensor("scales", () => layer.Scales, t => { using Tensor old = layer.Scales; layer.Scales = t; }),
            ]
            : null;

    Tensor Dequantize(Tensor codes, Tensor scales, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        return (_table.index([codes.to(ScalarType.Int64)]) * scales).to(dtype).MoveToOuterDisposeScope(); // (out, in)
    }

    /// <summary>
    /// Restores the dequantized weights of <paramref name="part"/>'s layers permanently (the rounding stays) and removes
    /// their hooks; a base loaded via host goes back block by block (Offloading/HostLoadedBase).
    /// </summary>
    public void RestoreWithin(nn.Module part)
    {
        foreach (Linear linear in part.modules().OfType<Linear>())
            if (_byLinear.Remove(linear, out Quantized? layer))
            {
                Restore(layer);
                _layers.Remove(layer);
            }
    }

    void Restore(Quantized layer)
    {
        layer.Linear.weight = new Parameter(Dequantize(layer.Codes, layer.Scales, layer.DType), requires_grad: false);
        Drop(layer);
    }

    static void Drop(Quantized layer)
    {
        layer.RemoveHooks();
        layer.Codes.Dispose();
        layer.Scales.Dispose();
    }

    /// <summary>Restores dequantized weights permanently (the rounding stays) and removes the hooks.</summary>
    public void Dispose() => Release(Restore);

    /// <summary>
    /// Removes the hooks and frees the codes without restoring any weight, for a model disposed together with its
    /// quantisation (the text encoder once captions are encoded): restoring would bring its full-precision weights back
    /// to the device only to free them.
    /// </summary>
    public void Discard() => Release(Drop);

    void Release(Action<Quantized> each)
    {
        foreach (Quantized layer in _layers) each(layer);
        _layers.Clear();
        _byLinear.Clear();
        _table.Dispose();
    }
}
