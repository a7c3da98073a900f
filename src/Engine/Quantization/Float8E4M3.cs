using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Quantization;

/// <summary>
/// The float8 e4m3fn format (1 sign, 4 exponent bits with bias 7, 3 mantissa bits, no infinities, largest finite
/// 448) as byte codes, since TorchSharp 0.107 has no float8 dtype: encoding rounds to the nearest representable value
/// through a sorted table of the 127 non-negative finite values, decoding is a 256-entry table lookup.
/// </summary>
public static class Float8E4M3
{
    public const float MaxFinite = 448f;
    const int SignBit = 0x80;
    // Held for the process (HeldScalars).
    public static readonly Scalar HeldMaxFinite = MaxFinite.ToScalar();
    static readonly Scalar HeldSignBit = SignBit.ToScalar();

    /// <summary>The value of every code 0…255 (the two NaN codes, 0x7F and 0xFF, decode to 0: they are never produced).</summary>
    static readonly float[] Values = Enumerable.Range(0, 256).Select(Decode).ToArray();

    static float Decode(int code)
    {
        int magnitude = code & 0x7F;
        if (magnitude == 0x7F) return 0f;
        int exponent = magnitude >> 3, mantissa = magnitude & 0x7;
        float value = exponent == 0 ? mantissa / 8f * MathF.Pow(2, -6) : (1 + mantissa / 8f) * MathF.Pow(2, exponent - 7);
        return (code & SignBit) != 0 ? -value : value;
    }

    /// <summary>Codes of the values (which must already be scaled into ±448), same shape, uint8.</summary>
    public static Tensor Encode(Tensor values)
    {
        using var scope = NewDisposeScope();
        Device device = values.device;
        Tensor magnitudes = tensor(Values[..0x7F], device: device);                                 // codes 0…126, ascending
        Tensor boundaries = magnitudes[1..].Plus(magnitudes[..^1]).div(HeldScalars.Two);              // nearest-value decision points
        Tensor x = values.to(ScalarType.Float32);
        Tensor code = searchsorted(boundaries, x.abs().clamp_max(HeldMaxFinite).contiguous());    // 0…126
        Tensor signed = where(x < HeldScalars.Zero, code.Plus(HeldSignBit), code);
        return signed.to(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <summary>The float32 values of codes.</summary>
    public static Tensor DecodeTable(Device device) => tensor(Values, device: device);
}
