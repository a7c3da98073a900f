namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>model.qtype</c> / <c>qtype_te</c>: storage type of the frozen, quantized weights.</summary>
public enum QuantizeType
{
    [ConfigName("qfloat8"), ConfigName("float8")] Float8,
}
