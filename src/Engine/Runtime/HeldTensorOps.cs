using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// The TorchSharp operations whose own code passes a temporary Scalar to libtorch (docs/platform.md, "Transient
/// Scalars"), written with held Scalars: the same libtorch calls with the same arguments, so the same results.
/// TorchSharp 0.107 (dotnet/TorchSharp c20b6a1): <c>add(Tensor)</c>, <c>add(Scalar)</c>, their in-place forms and the
/// <c>+</c> operators pass <c>alpha: 1</c>; <c>square()</c> is <c>pow(2)</c>; <c>arange(stop)</c> and
/// <c>arange(start, stop)</c> pass <c>start: 0</c> and <c>step: 1</c>.
/// </summary>
public static class HeldTensorOps
{
    // Integers, as TorchSharp writes them: alpha must be integral for integer tensors.
    static readonly Scalar Alpha = 1.ToScalar();
    static readonly Scalar SquareExponent = 2.ToScalar();

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, Alpha);

    /// <summary><c>a + b</c> for a held <paramref name="b"/>.</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, Alpha);

    /// <summary><c>a += b</c>, in place.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, Alpha);

    /// <summary><c>a += b</c>, in place, for a held <paramref name="b"/>.</summary>
    public static Tensor PlusInPlace(this Tensor a, Scalar b) => a.add_(b, Alpha);

    /// <summary><c>1 − t</c>, computed as TorchSharp's <c>1 - t</c> does: <c>−t + 1</c>.</summary>
    public static Tensor OneMinus(this Tensor t)
    {
        using Tensor negated = t.neg();
        return negated.add(HeldScalars.One, Alpha);
    }

    /// <summary><c>t²</c> (TorchSharp's <c>square()</c>).</summary>
    public static Tensor Squared(this Tensor t) => t.pow(SquareExponent);

    /// <summary><c>arange(start, stop, step)</c> with its bounds held for the call.</summary>
    public static Tensor Arange(long start, long stop, long step = 1, ScalarType? dtype = null, Device? device = null)
    {
        using Scalar first = start.ToScalar(), end = stop.ToScalar(), stride = step.ToScalar();
        return arange(first, end, stride, dtype, device);
    }
}
