using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>
/// LoRAs merged into a transformer for one run and taken out again on <see cref="Dispose"/>, in reverse order, so the
/// weights are bit-for-bit what they were (each <see cref="LoraMerge"/> keeps the originals it replaced). If a later
/// LoRA does not fit the model, the earlier ones are un-merged before the error leaves <see cref="Apply"/>.
/// </summary>
public sealed class LoraSession : IDisposable
{
    readonly List<LoraMerge> _merges;

    LoraSession(List<LoraMerge> merges) => _merges = merges;

    public int Count => _merges.Count;

    /// <exception cref="LoraFormatException">a LoRA targets a module the model lacks, or its shapes do not fit.</exception>
    public static LoraSession Apply(ZImageTransformer2DModel model, IReadOnlyList<(ZImageLora Lora, double Weight)> loras)
    {
        var merges = new List<LoraMerge>();
        try
        {
            foreach (var (lora, weight) in loras) merges.Add(LoraMerge.Apply(model, lora, weight));
            return new LoraSession(merges);
        }
        catch
        {
            Unmerge(merges);
            throw;
        }
    }

    public void Dispose() => Unmerge(_merges);

    static void Unmerge(List<LoraMerge> merges)
    {
        for (int i = merges.Count - 1; i >= 0; i--) merges[i].Unmerge();
        merges.Clear();
    }
}
