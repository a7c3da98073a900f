namespace ZImageSweep.Contracts.Packing;

/// <summary>
/// GPU memory of one arm on a slot, split into what a pack holds once (the frozen base and its workspaces) and what
/// each packed arm adds (its LoRA with gradients and optimizer state, and its activations): a pack of n arms needs
/// <see cref="BytesFor"/>(n) = base + n · per-arm. From <see cref="ArmMemoryEstimator"/>.
/// </summary>
public sealed record ArmMemoryEstimate(
    long TransformerBytes,
    long TextEncoderBytes,
    long VaeBytes,
    long WorkspaceBytes,
    long LoraStateBytes,
    long ActivationBytes)
{
    public long BaseBytes => TransformerBytes + TextEncoderBytes + VaeBytes + WorkspaceBytes;

    public long PerArmBytes => LoraStateBytes + ActivationBytes;

    public long BytesFor(int arms) => BaseBytes + arms * PerArmBytes;
}
