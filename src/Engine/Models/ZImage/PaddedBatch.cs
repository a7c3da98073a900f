using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Items of different lengths stacked into one batch with zero rows after each item, their rotary factors padded
/// the same way, and the key mask that hides the batch padding from attention. Only cross-batch padding is masked;
/// the rows padding an item to a multiple of 32 take part in attention (docs/model.md#embedders-refiners-and-the-unified-stream).
/// </summary>
public sealed record PaddedBatch(Tensor Hidden, RotaryFreqs Freqs, Tensor? KeyMask, IReadOnlyList<long> Lengths)
{
    /// <param name="items">per item (L_i, D).</param>
    /// <param name="freqs">per item rotary factors (L_i, head_dim/2).</param>
    public static PaddedBatch Create(IReadOnlyList<Tensor> items, IReadOnlyList<RotaryFreqs> freqs)
    {
        long[] lengths = items.Select(t => t.shape[0]).ToArray();
        long max = lengths.Max();
        return new PaddedBatch(
            Stack(items, max), // (B, S, D)
            new RotaryFreqs(Stack(freqs.Select(f => f.Cos).ToList(), max), Stack(freqs.Select(f => f.Sin).ToList(), max)),
            KeyMaskFor(lengths, max, items[0].device),
            lengths);
    }

    /// <summary>Boolean (B, 1, 1, S) mask, true = attend; null when every item fills the batch (nothing to hide).</summary>
    public static Tensor? KeyMaskFor(IReadOnlyList<long> lengths, long max, Device device)
    {
        if (lengths.All(l => l == max)) return null;
        using var scope = NewDisposeScope();
        Tensor positions = HeldTensorOps.Arange(0, max, device: device).unsqueeze(0); // (1, S)
        Tensor valid = positions < tensor(lengths.ToArray(), device: device).unsqueeze(1); // (B, S)
        return valid.view(lengths.Count, 1, 1, max).MoveToOuterDisposeScope(); // (B, 1, 1, S)
    }

    /// <summary>Item i's rows without the batch padding.</summary>
    public Tensor Item(int i) => Hidden[i].narrow(0, 0, Lengths[i]);

    /// <summary>Item i's rotary factors without the batch padding.</summary>
    public RotaryFreqs ItemFreqs(int i) => new(Freqs.Cos[i].narrow(0, 0, Lengths[i]), Freqs.Sin[i].narrow(0, 0, Lengths[i]));

    static Tensor Stack(IReadOnlyList<Tensor> items, long max) =>
        stack(items.Select(t => nn.functional.pad(t, [0, 0, 0, max - t.shape[0]])).ToArray(), dim: 0); // zero rows after each item
}
