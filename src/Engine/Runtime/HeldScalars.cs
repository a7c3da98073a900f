using TorchSharp;

namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// Scalar arguments that outlive the native call they are passed to. A C# number passed where TorchSharp takes a
/// <see cref="Scalar"/> becomes a temporary with a finalizer and no dispose scope; once TorchSharp has read its
/// handle nothing references it, so a garbage collection during the native call can free it while libtorch reads it
/// ("Unknown scalar type" from a freed c10::Scalar, seen once in a resumed training run). Hot paths therefore use
/// scalars held for the lifetime of a module or an operation: constants here, per-operation values in a
/// <c>using</c>.
/// </summary>
public static class HeldScalars
{
    public static readonly Scalar One = 1.0.ToScalar();
}
