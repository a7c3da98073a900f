namespace ZImageSweep.Engine.Offloading;

/// <summary>Which way a stack is being walked, so the block prefetched is the one that runs next.</summary>
public enum BlockPass
{
    /// <summary>The forward: first block to last.</summary>
    Forward,
    /// <summary>Checkpointed recomputation during backward: last block to first.</summary>
    Recompute,
}
