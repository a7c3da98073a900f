using static TorchSharp.torch;

namespace ZImageSweep.Engine.Lora;

/// <summary>
/// The low-rank factors of one Linear: <c>A</c> [rank, in], <c>B</c> [out, rank], and the scale applied to
/// <c>B·A</c> (1 for ai-toolkit Z-Image files, which carry no alpha; alpha / rank where an alpha is stored).
/// </summary>
public sealed record LoraPair(string Module, Tensor A, Tensor B, double Scale)
{
    public long Rank => A.shape[0];
}
