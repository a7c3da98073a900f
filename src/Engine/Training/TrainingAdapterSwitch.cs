using TorchSharp.Modules;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// The training adapter (docs/training.md#training-adapter) as training and inference see it: on for every training
/// forward, cancelled for previews and the validation signals that score what a user of the saved LoRA gets. Two
/// placements give the same model: <see cref="Merged"/> (an arm training alone: W ← W + B·A once, cancelled by a
/// runtime copy at −1) and <see cref="Runtime"/> (an arm of a pack, whose shared base must stay unmerged: a frozen
/// runtime LoRA at +1 over the arm's rows, cancelled by switching it off).
/// </summary>
public sealed class TrainingAdapterSwitch : IDisposable
{
    readonly bool _merged;

    /// <summary>The runtime network: the cancelling copy (merged placement) or the adapter itself (runtime placement).</summary>
    public LoraNetwork Network { get; }

    TrainingAdapterSwitch(LoraNetwork network, bool merged)
    {
        (Network, _merged) = (network, merged);
        Cancel(false);
    }

    /// <summary>W ← W + B·A for the adapter's layers among <paramref name="within"/> (all when null); see <see cref="Merged"/>.</summary>
    public static void MergeWeights(ZImageTransformer2DModel transformer, ZImageLora adapter, IReadOnlyCollection<Linear>? within = null) =>
        LoraMerge.Apply(transformer, adapter, 1.0, within).Dispose();

    /// <summary>The switch of an adapter whose weights <see cref="MergeWeights"/> merged into every layer it names.</summary>
    public static TrainingAdapterSwitch Merged(ZImageTransformer2DModel transformer, ZImageLora adapter) =>
        new(LoraNetwork.FromFile(transformer, adapter, multiplier: -1), merged: true);

    public static TrainingAdapterSwitch Runtime(ZImageTransformer2DModel transformer, ZImageLora adapter) =>
        new(LoraNetwork.FromFile(transformer, adapter, multiplier: 1), merged: false);

    /// <summary>Cancels the adapter (the model becomes base + user LoRA) or puts it back for training.</summary>
    public void Cancel(bool cancelled) => Network.Enabled = _merged == cancelled;

    public void Dispose() => Network.Dispose();
}
