namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>A run nobody else can take over (<c>zsweep train</c> in a terminal, tests): every checkpoint commits.</summary>
public sealed class UnfencedRun : ICheckpointFence
{
    public static readonly UnfencedRun Instance = new();

    UnfencedRun() { }

    public string? Run => null;

    public bool MayCommit(int step) => true;
}
