using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.ZImage;

[Trait(Tier.Name, Tier.Unit)]
public sealed class GradientCheckpointingTests
{
    public GradientCheckpointingTests() => LibTorchLoader.EnsureLoaded();

    static (ZImageTransformer2DModel Model, LoraNetwork Lora) TinyModelWithLora(bool checkpointing)
    {
        // Explicit generators: tests run in parallel, and the global generator would be shared with them.
        var init = new Generator(5);
        var model = new ZImageTransformer2DModel(ZImageConfig.Tiny with { NLayers = 2 });
        using (no_grad())
            foreach (var p in model.parameters()) p.normal_(0, 0.2, init);
        foreach (var p in model.parameters()) p.requires_grad = false;
        var lora = LoraNetwork.CreateTrainable(model, 4, new LoraTargets(), new Generator(1));
        using (no_grad())
            foreach (var (_, p) in lora.Parameters()) p.normal_(0, 0.2, init); // non-zero B so every factor gets a gradient
        model.GradientCheckpointing = checkpointing;
        return (model, lora);
    }

    /// <summary>One forward and backward of a two-image batch (different sizes, so with key padding).</summary>
    static void ForwardBackward(ZImageTransformer2DModel model)
    {
        var generator = new Generator(2);
        var x = new List<Tensor> { randn([16, 1, 4, 6], generator: generator), randn([16, 1, 2, 4], generator: generator) };
        var caps = new List<Tensor> { randn([5, model.Config.CapFeatDim], generator: generator), randn([9, model.Config.CapFeatDim], generator: generator) };
        var outputs = model.forward(x, tensor(new[] { 0.3f, 0.8f }), caps);
        outputs[0].Squared().mean().Plus(outputs[1].abs().mean()).backward();
    }

    static Dictionary<string, Tensor> LoraGradients(bool checkpointing)
    {
        var (model, lora) = TinyModelWithLora(checkpointing);
        using (model)
        using (lora)
        {
            ForwardBackward(model);
            return lora.Parameters().ToDictionary(p => p.Name, p => p.Parameter.grad!.clone());
        }
    }

    [Fact]
    public void CheckpointedSteps_LeaveNoTensorsBehind()
    {
        var (model, lora) = TinyModelWithLora(checkpointing: true);
        using (model)
        using (lora)
        {
            long LiveAfterStep()
            {
                using (NewDisposeScope()) ForwardBackward(model);
                foreach (var (_, p) in lora.Parameters()) p.grad = null;
                return DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
            long afterFirst = LiveAfterStep();
            LiveAfterStep();
            // Every step must release what it made (the replay's gradients included), so the count stays flat.
            Assert.Equal(afterFirst, LiveAfterStep());
        }
    }

    [Fact]
    public void Checkpointing_GivesTheSameLoraGradientsAsThePlainBackward()
    {
        var plain = LoraGradients(checkpointing: false);
        var checkpointed = LoraGradients(checkpointing: true);
        Assert.Equal(plain.Keys, checkpointed.Keys);
        foreach (var (name, grad) in plain)
        {
            Assert.True(grad.abs().sum().item<float>() > 0, $"{name} received no gradient");
            Assert.True(grad.allclose(checkpointed[name], rtol: 1e-5, atol: 1e-7), $"{name} differs with checkpointing");
        }
    }
}
