namespace ZImageSweep.Engine.Lora;

/// <summary>
/// The rows of a concatenated batch that belong to one arm of a pack: items <see cref="Start"/> …
/// <see cref="Start"/> + <see cref="Length"/> − 1 of the <see cref="Total"/> items along dimension 0, which every
/// adapted projection of the main blocks keeps as the batch dimension ((B, S, in) for attention and feed-forward, (B, in)
/// for adaLN). A LoRA limited to these rows changes only its arm's outputs, so its gradients come from its arm's loss alone.
/// </summary>
public readonly record struct BatchRows(long Start, long Length, long Total)
{
    /// <exception cref="InvalidOperationException">the projection's input is not batch-major over <see cref="Total"/> items.</exception>
    internal void CheckFits(string module, long inputRows)
    {
        if (inputRows != Total)
            throw new InvalidOperationException($"'{module}' got {inputRows} rows where the packed batch has {Total} items: a packed LoRA needs the batch in dimension 0");
    }
}
