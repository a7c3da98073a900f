using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Offloading;

/// <summary>
/// The tiny transformer the offloading tests compare placements on, one training step on it, and the bit-exact
/// comparison of two steps' outputs and LoRA gradients.
/// </summary>
static class TinyOffloadingModel
{
    /// <summary>Tiny Z-Image with 3 main layers (5 blocks with the refiners), frozen, the same random weights on every call.</summary>
    /// <param name="blockDevice">where the blocks are built (a base loaded via host); null: with the rest.</param>
    public static ZImageTransformer2DModel Frozen(Device? blockDevice = null)
    {
        // Explicit generators: tests run in parallel, and the global generator would be shared with them.
        var init = new Generator(7);
        var model = new ZImageTransformer2DModel(ZImageConfig.Tiny with { NLayers = 3 }, blockDevice: blockDevice);
        using (no_grad())
            foreach (var p in model.parameters()) p.normal_(0, 0.2, init);
        foreach (var p in model.parameters()) p.requires_grad = false;
        return model;
    }

    /// <summary>A rank-4 LoRA with non-zero B, so every factor gets a gradient; the same on every call for the same model.</summary>
    public static LoraNetwork TrainableLora(ZImageTransformer2DModel model)
    {
        var lora = LoraNetwork.CreateTrainable(model, 4, new LoraTargets(), new Generator(1));
        var init = new Generator(8);
        using (no_grad())
            foreach (var (_, p) in lora.Parameters()) p.normal_(0, 0.2, init);
        return lora;
    }

    public static List<ZImageTransformerBlock> Blocks(ZImageTransformer2DModel model) => model.BlockStacks.SelectMany(s => s).ToList();

    /// <summary>Two images of different sizes (key padding included); the outputs and the LoRA gradients of one backward.</summary>
    public static (List<Tensor> Outputs, Dictionary<string, Tensor> Gradients) Step(ZImageTransformer2DModel model, LoraNetwork lora)
    {
        var generator = new Generator(2);
        var x = new List<Tensor> { randn([16, 1, 4, 6], generator: generator), randn([16, 1, 2, 4], generator: generator) };
        var caps = new List<Tensor> { randn([5, model.Config.CapFeatDim], generator: generator), randn([9, model.Config.CapFeatDim], generator: generator) };
        var outputs = model.forward(x, tensor(new[] { 0.3f, 0.8f }), caps);
        outputs[0].Squared().mean().Plus(outputs[1].abs().mean()).backward();
        var gradients = lora.Parameters().ToDictionary(p => p.Name, p => p.Parameter.grad!.clone());
        foreach (var (_, p) in lora.Parameters()) p.grad = null;
        return (outputs.Select(o => o.detach()).ToList(), gradients);
    }

    /// <summary>Same shape and every element equal (NaN never is, so a NaN anywhere fails too).</summary>
    public static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.equal(b).all().item<bool>();

    public static void AssertBitIdentical((List<Tensor> Outputs, Dictionary<string, Tensor> Gradients) expected, (List<Tensor> Outputs, Dictionary<string, Tensor> Gradients) actual)
    {
        Assert.Equal(expected.Outputs.Count, actual.Outputs.Count);
        foreach (var (e, a) in expected.Outputs.Zip(actual.Outputs)) Assert.True(Identical(e, a), "the forward output differs");
        Assert.Equal(expected.Gradients.Keys, actual.Gradients.Keys);
        foreach (var (name, grad) in expected.Gradients)
        {
            Assert.True(grad.abs().sum().item<float>() > 0, $"{name} received no gradient");
            Assert.True(Identical(grad, actual.Gradients[name]), $"{name} differs");
        }
    }
}
