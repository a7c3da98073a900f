using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Optimizers;

/// <summary>
/// AdamW whose moments live as block-wise 8-bit codes (<see cref="BlockwiseQuantizer"/>): about 2 bytes of state per
/// parameter instead of 8. Each step dequantizes a parameter group's moments to fp32 temporaries, applies the same
/// update as <see cref="AdamW"/>, and re-quantizes them; every parameter keeps blocks of its own, so the codes are
/// those of a per-parameter quantization. TorchSharp has no bitsandbytes; this is the project's own implementation of
/// the idea, so trajectories match AdamW closely but not bit for bit with bitsandbytes.
/// </summary>
public sealed class AdamW8bit(IReadOnlyList<(string Name, Parameter Parameter)> parameters, AdamWHyperParameters hyper)
    : AdamW(parameters, hyper)
{
    static readonly BlockwiseQuantizer SignedQuantizer = new(signed: true);
    static readonly BlockwiseQuantizer UnsignedQuantizer = new(signed: false);

    // Per group: the members' moments stacked, one row (of whole blocks) per member.
    readonly Dictionary<string, (QuantizedTensor ExpAvg, QuantizedTensor ExpAvgSq)> _moments = new();

    public override long StateBytes => _moments.Values.Sum(m => m.ExpAvg.Bytes + m.ExpAvgSq.Bytes);

    protected override (Tensor ExpAvg, Tensor ExpAvgSq) LoadMoments(ParameterGroup group) =>
        _moments.TryGetValue(group.Key, out var q)
            ? (SignedQuantizer.Dequantize(q.ExpAvg), UnsignedQuantizer.Dequantize(q.ExpAvgSq))
            : (Zeros(group), Zeros(group));

    protected override void StoreMoments(ParameterGroup group, Tensor expAvg, Tensor expAvgSq)
    {
        long rows = group.Members.Count;
        Store(group.Key, (SignedQuantizer.Quantize(expAvg, rows).Detached(), UnsignedQuantizer.Quantize(expAvgSq, rows).Detached()));
    }

    public override IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor> { ["step"] = tensor(new[] { StepCount }) };
        foreach (ParameterGroup group in Groups)
        {
            if (!_moments.TryGetValue(group.Key, out var moments)) continue;
            for (int i = 0; i < group.Members.Count; i++)
            {
                string name = group.Members[i].Name;
                foreach (var (key, q) in new[] { ("exp_avg", moments.ExpAvg), ("exp_avg_sq", moments.ExpAvgSq) })
                {
                    long blocks = q.AbsMax.numel() / q.Rows;
                    state[$"{name}.{key}.codes"] = q.Codes.narrow(0, i * blocks, blocks).cpu().clone();
                    state[$"{name}.{key}.absmax"] = q.AbsMax.narrow(0, i * blocks, blocks).cpu().clone();
                }
            }
        }
        return state;
    }

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        RestoreStep(state);
        foreach (ParameterGroup group in Groups)
        {
            if (!group.Members.Any(m => state.ContainsKey($"{m.Name}.exp_avg.codes"))) continue;
            using var scope = NewDisposeScope();
            // Saved members are restored code for code; a member without saved moments starts from quantized zeros.
            QuantizedTensor Stacked(string key, BlockwiseQuantizer quantizer)
            {
                var parts = group.Members.Select(m => Restore(state, m.Name, m.Parameter, key, quantizer)).ToList();
                return new QuantizedTensor(cat(parts.Select(q => q.Codes).ToArray(), 0), cat(parts.Select(q => q.AbsMax).ToArray(), 0),
                    [group.Members.Count, .. group.Shape], group.Members.Count);
            }
            var moments = (Stacked("exp_avg", SignedQuantizer), Stacked("exp_avg_sq", UnsignedQuantizer));
            moments.Item1.Codes.MoveToOuterDisposeScope();
            moments.Item1.AbsMax.MoveToOuterDisposeScope();
            moments.Item2.Codes.MoveToOuterDisposeScope();
            moments.Item2.AbsMax.MoveToOuterDisposeScope();
            Store(group.Key, (moments.Item1.Detached(), moments.Item2.Detached()));
        }
    }

    static QuantizedTensor Restore(IReadOnlyDictionary<string, Tensor> state, string name, Parameter p, string key, BlockwiseQuantizer quantizer)
    {
        if (!state.TryGetValue($"{name}.{key}.codes", out var codes) || !state.TryGetValue($"{name}.{key}.absmax", out var absMax))
            return quantizer.Quantize(zeros_like(p, dtype: ScalarType.Float32));
        long blocks = (p.numel() + BlockwiseQuantizer.BlockSize - 1) / BlockwiseQuantizer.BlockSize;
        if (codes.numel() != blocks * BlockwiseQuantizer.BlockSize || absMax.numel() != blocks)
            throw new InvalidDataException($"optimizer state for '{name}' does not fit the parameter's {p.numel()} elements (was the network rank changed?)");
        return new QuantizedTensor(codes.to(p.device).reshape(blocks, BlockwiseQuantizer.BlockSize), absMax.to(p.device).reshape(blocks), p.shape);
    }

    void Store(string key, (QuantizedTensor ExpAvg, QuantizedTensor ExpAvgSq) moments)
    {
        Release(key);
        _moments[key] = moments;
    }

    void Release(string key)
    {
        if (_moments.Remove(key, out var old))
        {
            old.ExpAvg.Dispose();
            old.ExpAvgSq.Dispose();
        }
    }

    public override void Dispose()
    {
        foreach (string key in _moments.Keys.ToList()) Release(key);
        base.Dispose();
    }
}
