using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Three-axis RoPE tables (docs/model.md#rope). Per axis a of width d_a and length e_a the angle is
/// <c>p / theta^(2k/d_a)</c>, computed in float64 and cast to float32 before cos/sin, exactly like the reference's
/// <c>precompute_freqs_cis</c>. A plain class, not a module: the tables must not appear in the state dict. They are
/// built lazily for each device they are used on.
/// </summary>
public sealed class RopeEmbedder : IDisposable
{
    readonly double _theta;
    readonly IReadOnlyList<int> _axesDims;
    readonly IReadOnlyList<int> _axesLens;
    readonly Dictionary<string, (Tensor Cos, Tensor Sin)[]> _tables = [];
    readonly Lock _lock = new();

    public RopeEmbedder(double theta, IReadOnlyList<int> axesDims, IReadOnlyList<int> axesLens)
    {
        if (axesDims.Count != axesLens.Count) throw new ArgumentException("axes_dims and axes_lens differ in length");
        _theta = theta;
        _axesDims = axesDims;
        _axesLens = axesLens;
    }

    /// <summary>Looks up the factors of each token's (axis0, axis1, axis2) position.</summary>
    /// <param name="ids">integer positions, (N, 3).</param>
    /// <returns>cos and sin, (N, head_dim/2) float32.</returns>
    public RotaryFreqs Lookup(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var tables = TablesFor(ids.device);
        var cos = new Tensor[tables.Length];
        var sin = new Tensor[tables.Length];
        for (int axis = 0; axis < tables.Length; axis++)
        {
            Tensor index = ids[.., axis].to(ScalarType.Int64); // (N)
            cos[axis] = tables[axis].Cos.index_select(0, index); // (N, d_a/2)
            sin[axis] = tables[axis].Sin.index_select(0, index);
        }
        return new RotaryFreqs(cat(cos, dim: -1).MoveToOuterDisposeScope(), cat(sin, dim: -1).MoveToOuterDisposeScope());
    }

    (Tensor Cos, Tensor Sin)[] TablesFor(Device device)
    {
        lock (_lock)
        {
            string key = device.ToString();
            if (_tables.TryGetValue(key, out var cached)) return cached;
            var built = new (Tensor, Tensor)[_axesDims.Count];
            for (int axis = 0; axis < built.Length; axis++) built[axis] = BuildAxis(_axesDims[axis], _axesLens[axis], device);
            _tables[key] = built;
            return built;
        }
    }

    (Tensor Cos, Tensor Sin) BuildAxis(int dim, int length, Device device)
    {
        using var scope = NewDisposeScope();
        using Scalar dimScalar = dim.ToScalar(); // held (HeldScalars)
        Tensor exponent = HeldTensorOps.Arange(0, dim, 2, dtype: ScalarType.Float64).div(dimScalar); // (d/2) float64
        using Tensor theta = tensor(_theta); // held for the call (docs/platform.md#transient-scalars)
        Tensor invFreq = pow(theta, exponent).reciprocal(); // 1 / theta^(2k/d)
        Tensor positions = HeldTensorOps.Arange(0, length, dtype: ScalarType.Float64); // (e)
        Tensor angles = outer(positions, invFreq).to(ScalarType.Float32); // (e, d/2): float64 math, float32 angles
        Tensor cos = angles.cos().to(device).DetachFromDisposeScope();
        Tensor sin = angles.sin().to(device).DetachFromDisposeScope();
        return (cos, sin);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var tables in _tables.Values)
            foreach (var (cos, sin) in tables)
            {
                cos.Dispose();
                sin.Dispose();
            }
            _tables.Clear();
        }
    }
}
