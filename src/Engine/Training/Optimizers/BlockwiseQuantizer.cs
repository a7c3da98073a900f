using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Optimizers;

/// <summary>
/// Block-wise 8-bit quantization for optimizer moments, after the idea of 8-bit optimizers (Dettmers et al.):
/// each block of <see cref="BlockSize"/> values is divided by its absolute maximum and every normalised value is
/// stored as the index of the nearest entry of a codebook that is dense near zero. Our codebook is logarithmic:
/// zero plus values spaced geometrically over <see cref="Decades"/> decades below 1 (and their negatives for signed
/// data), which keeps the relative rounding error near-constant (about ±6 % signed, ±3 % unsigned) across scales.
/// </summary>
public sealed class BlockwiseQuantizer
{
    public const int BlockSize = 256;
    const int Decades = 7;

    readonly Tensor _codebook;   // [256] ascending
    readonly Tensor _boundaries; // [255] decision points between neighbouring codebook entries

    // Copies of both tables per device: a CPU-to-GPU copy waits for the GPU (pageable memory), and the tables are
    // needed for every moment of every parameter at every step.
    readonly Dictionary<string, (Tensor Codebook, Tensor Boundaries)> _onDevice = [];
    readonly Lock _lock = new();
    static readonly Scalar SmallestScale = 1e-30f.ToScalar(); // held for the process (HeldScalars)

    public bool Signed { get; }

    public BlockwiseQuantizer(bool signed)
    {
        Signed = signed;
        double[] magnitudes = Geometric(signed ? 127 : 255);
        double[] values = signed
            ? [.. magnitudes.Select(m => -m).Reverse(), 0.0, .. magnitudes, magnitudes[^1]] // 127 + 1 + 127 + a duplicate 1.0 to fill 256
            : [0.0, .. magnitudes];
        // Decision points: geometric means between positive neighbours (nearest in log scale), half the smallest next to 0.
        var boundaries = new double[values.Length - 1];
        for (int i = 0; i < boundaries.Length; i++)
        {
            double a = values[i], b = values[i + 1];
            boundaries[i] = a == 0 || b == 0 ? (a + b) / 2 : Math.Sign(a) * Math.Sqrt(a * b);
        }
        _codebook = tensor(values.Select(v => (float)v).ToArray()).DetachFromDisposeScope();
        _boundaries = tensor(boundaries.Select(v => (float)v).ToArray()).DetachFromDisposeScope();
    }

    /// <summary>count values 10^-Decades … 1, spaced geometrically, ascending.</summary>
    static double[] Geometric(int count) =>
        Enumerable.Range(0, count).Select(i => Math.Pow(10, -Decades + Decades * i / (double)(count - 1))).ToArray();

    /// <summary>Quantizes <paramref name="values"/>, viewed as <paramref name="rows"/> rows each padded to whole blocks.</summary>
    /// <param name="rows">1 for one tensor; n for n stacked tensors, whose blocks then stay those of each tensor alone.</param>
    public QuantizedTensor Quantize(Tensor values, long rows = 1)
    {
        using var scope = NewDisposeScope();
        var blocks = ToBlocks(values.detach().to(ScalarType.Float32), rows);           // (N, BlockSize)
        var absMax = blocks.abs().amax([1]).clamp_min(SmallestScale);                   // (N,)
        var normalised = (blocks / absMax.unsqueeze(1)).contiguous();
        var codes = searchsorted(Tables(values.device).Boundaries, normalised).to(ScalarType.Byte);
        return new QuantizedTensor(codes.MoveToOuterDisposeScope(), absMax.MoveToOuterDisposeScope(), values.shape, rows);
    }

    public Tensor Dequantize(QuantizedTensor q)
    {
        using var scope = NewDisposeScope();
        var values = Tables(q.Codes.device).Codebook.index([q.Codes.to(ScalarType.Int64)]) * q.AbsMax.unsqueeze(1);
        long perRow = q.Shape.Aggregate(1L, (a, b) => a * b) / q.Rows;
        return values.view(q.Rows, -1).narrow(1, 0, perRow).reshape(q.Shape).MoveToOuterDisposeScope();
    }

    (Tensor Codebook, Tensor Boundaries) Tables(Device device)
    {
        if (device.type == DeviceType.CPU) return (_codebook, _boundaries);
        lock (_lock)
        {
            string key = device.ToString();
            if (!_onDevice.TryGetValue(key, out var tables))
                _onDevice[key] = tables = (_codebook.to(device).DetachFromDisposeScope(), _boundaries.to(device).DetachFromDisposeScope());
            return tables;
        }
    }

    static Tensor ToBlocks(Tensor values, long rows)
    {
        var flat = values.reshape(rows, -1);
        long padding = (BlockSize - flat.shape[1] % BlockSize) % BlockSize;
        if (padding > 0) flat = nn.functional.pad(flat, [0, padding]);
        return flat.view(-1, BlockSize);
    }
}
