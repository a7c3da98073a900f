namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// Where an offloaded block's host-to-device copies run: on the compute stream (<see cref="ComputeStreamCopies"/>,
/// always available) or on a side stream that overlaps them with compute (<see cref="CudaSideStream"/>, through the
/// native shim in src/Engine/Native when it is built).
/// </summary>
public interface IBlockCopyStream
{
    /// <summary>True when copies overlap compute, so prefetching the next block pays.</summary>
    bool Overlaps { get; }

    /// <summary>How copies run, for the log line.</summary>
    string Description { get; }

    /// <summary>Runs <paramref name="issue"/> (TorchSharp calls that start the copies) on this stream.</summary>
    ICopyFence Issue(Action issue);
}
