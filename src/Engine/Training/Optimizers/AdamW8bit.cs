using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Optimizers;

/// <summary>
/// AdamW whose moments live as block-wise 8-bit codes (<see cref="BlockwiseQuantizer"/>): about 2 bytes of state per
/// parameter instead of 8. Each step dequantizes a parameter's moments to fp32 temporaries, applies the same update
/// as <see cref="AdamW"/>, and re-quantizes them. TorchSharp has no bitsandbytes; this is the project's own
/// implementation of the idea, so trajectories match AdamW closely but not bit for bit with bitsandbytes.
/// </summary>
public sealed class AdamW8bit(IReadOnlyList<(string Name, Parameter Parameter)> parameters, AdamWHyperParameters hyper)
    : AdamW(parameters, hyper)
{
    static readonly BlockwiseQuantizer SignedQuantizer = new(signed: true);
    static readonly BlockwiseQuantizer UnsignedQuantizer = new(signed: false);

    readonly Dictionary<string, (QuantizedTensor ExpAvg, QuantizedTensor ExpAvgSq)> _moments = new();

    public override long StateBytes => _moments.Values.Sum(m => m.ExpAvg.Bytes + m.ExpAvgSq.Bytes);

    protected override (Tensor ExpAvg, Tensor ExpAvgSq) LoadMoments(string name, Parameter p) =>
        _moments.TryGetValue(name, out var q)
            ? (SignedQuantizer.Dequantize(q.ExpAvg), UnsignedQuantizer.Dequantize(q.ExpAvgSq))
            : (zeros_like(p, dtype: ScalarType.Float32), zeros_like(p, dtype: ScalarType.Float32));

    protected override void StoreMoments(string name, Tensor expAvg, Tensor expAvgSq)
    {
        var quantized = (SignedQuantizer.Quantize(expAvg).Detached(), UnsignedQuantizer.Quantize(expAvgSq).Detached());
        Release(name);
        _moments[name] = quantized;
    }

    public override IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor> { ["step"] = tensor(new[] { StepCount }) };
        foreach (var (name, (m, v)) in _moments)
        {
            state[$"{name}.exp_avg.codes"] = m.Codes.cpu().clone();
            state[$"{name}.exp_avg.absmax"] = m.AbsMax.cpu().clone();
            state[$"{name}.exp_avg_sq.codes"] = v.Codes.cpu().clone();
            state[$"{name}.exp_avg_sq.absmax"] = v.AbsMax.cpu().clone();
        }
        return state;
    }

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        RestoreStep(state);
        foreach (var (name, p) in Parameters)
        {
            if (!state.TryGetValue($"{name}.exp_avg.codes", out var mCodes)) continue;
            long blocks = (p.numel() + BlockwiseQuantizer.BlockSize - 1) / BlockwiseQuantizer.BlockSize;
            if (mCodes.numel() != blocks * BlockwiseQuantizer.BlockSize)
                throw new InvalidDataException($"optimizer state for '{name}' does not fit the parameter's {p.numel()} elements (was the network rank changed?)");
            QuantizedTensor Restore(string key) => new QuantizedTensor(
                state[$"{name}.{key}.codes"].to(p.device).clone(), state[$"{name}.{key}.absmax"].to(p.device).clone(), p.shape).Detached();
            Release(name);
            _moments[name] = (Restore("exp_avg"), Restore("exp_avg_sq"));
        }
    }

    void Release(string name)
    {
        if (_moments.Remove(name, out var old))
        {
            old.ExpAvg.Dispose();
            old.ExpAvgSq.Dispose();
        }
    }

    public override void Dispose()
    {
        foreach (string name in _moments.Keys.ToList()) Release(name);
        base.Dispose();
    }
}
