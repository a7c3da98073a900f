namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// How the frozen transformer reaches the device (issue 18, "12–16 GB cards"). Without float8 and without layer
/// offloading it is built on the device directly (fastest). With either, it is built in host memory and prepared block
/// by block (<see cref="TransformerHostLoad"/>): each block comes to the device, is quantized there when float8 is
/// asked, and then stays (resident) or moves its frozen tensors to pinned host memory (offloaded, as
/// <see cref="OffloadPlan"/> chooses), so the device never holds more than the resident blocks and the one in
/// preparation, besides the small non-block parts. The text encoder's decoder layers load the same way
/// (Pipelines/LoadedTextEncoder, with <c>quantize_te</c> or <c>layer_offloading_text_encoder_percent</c>).
/// </summary>
public sealed class BaseLoadPlan
{
    BaseLoadPlan(bool float8, double? offloadShare, IReadOnlyList<bool> offloaded) =>
        (Float8, OffloadShare, Offloaded) = (float8, offloadShare, offloaded);

    /// <summary>The base is stored as float8 codes (<c>model.quantize</c>).</summary>
    public bool Float8 { get; }

    /// <summary><c>layer_offloading_transformer_percent</c> as a share when <c>model.layer_offloading</c> is on; null when off.</summary>
    public double? OffloadShare { get; }

    /// <summary>Per block in execution order: true when its frozen tensors wait in host memory between calls.</summary>
    public IReadOnlyList<bool> Offloaded { get; }

    public bool ViaHost => LoadsViaHost(Float8, OffloadShare);

    /// <summary>Whether the job's keys make the base load via host (the pipeline builds the blocks there).</summary>
    public static bool LoadsViaHost(bool float8, double? offloadShare) => float8 || offloadShare is not null;

    public static BaseLoadPlan For(int blockCount, bool float8, double? offloadShare) =>
        new(float8, offloadShare, offloadShare is double share ? OffloadPlan.Blocks(blockCount, share) : Enumerable.Repeat(false, blockCount).ToList());

    public int ResidentBlocks => Offloaded.Count(o => !o);

    /// <summary>
    /// The most transformer blocks on the device at once while loading: all of them when built there; via host, the
    /// resident blocks prepared so far and the one in preparation, highest when the last block arrives.
    /// </summary>
    public int MaxBlocksOnDeviceDuringLoad =>
        !ViaHost || Offloaded.Count == 0 ? Offloaded.Count : Offloaded.Take(Offloaded.Count - 1).Count(o => !o) + 1;

    /// <summary>The log line once the <paramref name="part"/> is prepared via host, counting its <paramref name="blocks"/>.</summary>
    public string Describe(string part = "base", string blocks = "blocks") =>
        $"{part} loaded via host: {Offloaded.Count} {blocks}, {Offloaded.Count - ResidentBlocks} offloaded{(Float8 ? ", float8" : "")}; " +
        $"at most {MaxBlocksOnDeviceDuringLoad} {blocks} on the device during load";
}
