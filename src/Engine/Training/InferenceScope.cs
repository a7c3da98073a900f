using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// A stretch of inference in the middle of training (previews, validation): the transformer in eval mode and,
/// when <paramref name="cancelAdapter"/> is set, the training adapter cancelled (<see cref="TrainingAdapterSwitch"/>),
/// so the model is base + user LoRA as a user of the saved file gets it (docs/training.md#training-adapter). Inside the scope callers may
/// change the user LoRA's multiplier and switch it on and off; disposing restores both, the adapter and train mode.
/// </summary>
public sealed class InferenceScope : IDisposable
{
    readonly ZImageTransformer2DModel _transformer;
    readonly LoraNetwork _userLora;
    readonly TrainingAdapterSwitch? _adapter;
    readonly double _multiplier;
    readonly bool _enabled;

    public InferenceScope(ZImageTransformer2DModel transformer, LoraNetwork userLora, TrainingAdapterSwitch? adapter, bool cancelAdapter)
    {
        (_transformer, _userLora, _adapter) = (transformer, userLora, adapter);
        (_multiplier, _enabled) = (userLora.Multiplier, userLora.Enabled);
        transformer.eval();
        adapter?.Cancel(cancelAdapter);
    }

    public void Dispose()
    {
        _userLora.Multiplier = _multiplier;
        _userLora.Enabled = _enabled;
        _adapter?.Cancel(false); // on for every training forward
        _transformer.train();
    }
}
