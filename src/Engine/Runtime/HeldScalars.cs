using TorchSharp;

namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// Scalar constants held for the life of the process. A C# number passed where TorchSharp takes a
/// <see cref="Scalar"/> becomes a temporary with a finalizer and no dispose scope; once TorchSharp has read its handle
/// nothing references it, so a garbage collection during the native call can free it while libtorch reads it. The
/// implicit conversions are therefore banned (docs/platform.md, "Transient Scalars"): constants come from a static
/// field like these, per-call values from a <c>using Scalar</c> local.
/// </summary>
/// <remarks>
/// Floating-point values: libtorch converts a Scalar to the tensor's compute type, and these values are exact in every
/// floating type, so they give the same results as the integer literals they replace on floating-point tensors.
/// </remarks>
public static class HeldScalars
{
    public static readonly Scalar Zero = 0.0.ToScalar();
    public static readonly Scalar Half = 0.5.ToScalar();
    public static readonly Scalar One = 1.0.ToScalar();
    public static readonly Scalar MinusOne = (-1.0).ToScalar();
    public static readonly Scalar Two = 2.0.ToScalar();
}
