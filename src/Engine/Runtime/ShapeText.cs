namespace ZImageSweep.Engine.Runtime;

/// <summary>How error messages write a tensor shape, so every message reads alike: <c>[2, 16, 64, 64]</c>.</summary>
public static class ShapeText
{
    public static string Of(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
