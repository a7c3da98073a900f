using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Lora;

[Trait(Tier.Name, Tier.Unit)]
public sealed class LoraNetworkTests : IDisposable
{
    readonly ZImageTransformer2DModel _model;

    public LoraNetworkTests()
    {
        LibTorchLoader.EnsureLoaded();
        manual_seed(3);
        _model = new ZImageTransformer2DModel(ZImageConfig.Tiny with { NLayers = 2 });
        using var _ = no_grad();
        foreach (var p in _model.parameters()) p.normal_(0, 0.1);
    }

    public void Dispose() => _model.Dispose();

    List<Tensor> Forward()
    {
        var generator = new Generator(9);
        var x = new List<Tensor> { randn([16, 1, 4, 6], generator: generator) };
        var caps = new List<Tensor> { randn([5, _model.Config.CapFeatDim], generator: generator) };
        using var _ = no_grad();
        return _model.forward(x, tensor(new[] { 0.4f }), caps);
    }

    [Fact]
    public void Trainable_CoversTheEightProjectionsOfEveryMainLayerWithAiToolkitKeys()
    {
        using var network = LoraNetwork.CreateTrainable(_model, rank: 4, new LoraTargets(), new Generator(1));
        var names = network.Parameters().Select(p => p.Name).ToList();
        Assert.Equal(2 * 8 * 2, names.Count);
        Assert.Contains("diffusion_model.layers.0.attention.to_q.lora_A.weight", names);
        Assert.Contains("diffusion_model.layers.1.adaLN_modulation.0.lora_B.weight", names);
        Assert.DoesNotContain(names, n => n.Contains("refiner") || n.Contains("embedder") || n.Contains("final"));
        var w2 = network.Parameters().Single(p => p.Name == "diffusion_model.layers.0.feed_forward.w2.lora_A.weight").Parameter;
        Assert.Equal([4L, _model.Config.FfnHiddenDim], w2.shape);
        Assert.All(network.Parameters(), p => Assert.Equal(ScalarType.Float32, p.Parameter.dtype));
    }

    [Fact]
    public void Trainable_StartsAsTheUnchangedModelAndAChangedBChangesTheOutput()
    {
        var before = Forward();
        using var network = LoraNetwork.CreateTrainable(_model, 4, new LoraTargets(), new Generator(1));
        var initial = Forward();
        Assert.True(before[0].eq(initial[0]).all().item<bool>()); // B = 0: exactly the base model

        using (no_grad())
            foreach (var (name, p) in network.Parameters().Where(p => p.Name.Contains("lora_B"))) p.normal_(0, 0.1);
        Assert.False(before[0].allclose(Forward()[0]));
        network.Multiplier = 0;
        Assert.True(before[0].eq(Forward()[0]).all().item<bool>()); // multiplier 0 reproduces the base exactly
    }

    [Fact]
    public void KaimingUniformInit_StaysInsideTheBound()
    {
        using var network = LoraNetwork.CreateTrainable(_model, 8, new LoraTargets(), new Generator(1));
        var a = network.Parameters().Single(p => p.Name == "diffusion_model.layers.0.attention.to_q.lora_A.weight").Parameter;
        double bound = 1 / Math.Sqrt(_model.Config.Dim);
        Assert.True(a.abs().max().item<float>() <= bound);
        Assert.True(a.abs().max().item<float>() > bound * 0.8); // uses the range, not a tiny slice of it
    }

    [Fact]
    public void Filters_OnlyIfContainsAndIgnoreIfContains_AreHonouredAndIgnoreWins()
    {
        var targets = new LoraTargets(OnlyIfContains: ["attention"], IgnoreIfContains: ["to_out", "layers.1."]);
        using var network = LoraNetwork.CreateTrainable(_model, 2, targets, new Generator(1));
        Assert.Equal(["layers.0.attention.to_q", "layers.0.attention.to_k", "layers.0.attention.to_v"], network.Modules);
        Assert.Throws<ArgumentException>(() => LoraNetwork.CreateTrainable(_model, 2, new LoraTargets(OnlyIfContains: ["nothing"]), new Generator(1)));
    }

    [Fact]
    public void StateDict_RoundTripsThroughLoad_AndALoadOfTheWrongRankIsRefused()
    {
        using var trained = LoraNetwork.CreateTrainable(_model, 4, new LoraTargets(), new Generator(1));
        using (no_grad())
            foreach (var (_, p) in trained.Parameters()) p.normal_(0, 0.1);
        var saved = trained.StateDict(ScalarType.Float32);
        var expected = Forward();
        trained.Enabled = false;

        using var restored = LoraNetwork.CreateTrainable(_model, 4, new LoraTargets(), new Generator(2));
        restored.Load(saved, "test");
        Assert.True(expected[0].eq(Forward()[0]).all().item<bool>());

        using var other = LoraNetwork.CreateTrainable(_model, 8, new LoraTargets(), new Generator(2));
        var e = Assert.Throws<LoraFormatException>(() => other.Load(saved, "my_lora.safetensors"));
        Assert.Contains("my_lora.safetensors", e.Message);
    }
}
