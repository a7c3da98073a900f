using TorchSharp.Modules;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Lora;

/// <summary>
/// Gradients of the trainable LoRA (sibling projections batched, the custom down projection) checked against plain
/// autograd: directly for the down projection, and for the whole network through the identity
/// <c>y = W·x + B·A·x = (W + B·A)·x</c>, whose weight gradient G gives <c>∂B = G·Aᵀ</c> and <c>∂A = Bᵀ·G</c>.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class LoraGradientTests
{
    public LoraGradientTests() => LibTorchLoader.EnsureLoaded();

    [Fact]
    public void DownProjection_OfABf16Input_MatchesAutogradThroughAFloat32Copy()
    {
        var generator = new Generator(4);
        using var scope = NewDisposeScope();
        Tensor x = randn([2, 7, 12], generator: generator).to(ScalarType.BFloat16).requires_grad_(true);
        Tensor a = randn([3, 12], generator: generator).requires_grad_(true);
        Tensor weights = randn([2, 7, 3], generator: generator);

        Tensor h = LoraDownProjection.Project(x, a);
        (h * weights).sum().backward();

        Tensor x2 = x.detach().requires_grad_(true), a2 = a.detach().requires_grad_(true);
        Tensor expected = nn.functional.linear(x2.to(ScalarType.Float32), a2);
        (expected * weights).sum().backward();

        Assert.Equal(ScalarType.Float32, h.dtype);
        Assert.True(h.eq(expected).all().item<bool>(), "forward differs from float32(x)·Aᵀ");
        Assert.True(a.grad!.allclose(a2.grad!, rtol: 1e-6, atol: 1e-6), "∂A differs");
        Assert.Equal(ScalarType.BFloat16, x.grad!.dtype);
        Assert.True(x.grad!.to(ScalarType.Float32).allclose(x2.grad!.to(ScalarType.Float32), rtol: 1e-2, atol: 1e-3), "∂x differs");
        Assert.True(a.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void BatchedDownProjection_MatchesAutogradPerArm()
    {
        // Three arms' rows (k, N, in) in bf16 against one (k, r, in) factor per arm, enough rows for two backward chunks.
        long rows = LoraDownProjection.ChunkBytes / (3 * 1024 * sizeof(float)) + 50;
        var generator = new Generator(6);
        using var scope = NewDisposeScope();
        Tensor x = randn([3, rows, 1024], generator: generator).to(ScalarType.BFloat16).requires_grad_(true);
        Tensor a = randn([3, 5, 1024], generator: generator).requires_grad_(true);
        Tensor weights = randn([3, rows, 5], generator: generator);

        Tensor h = LoraDownProjection.Project(x, a);
        (h * weights).sum().backward();

        Tensor x2 = x.detach().requires_grad_(true), a2 = a.detach().requires_grad_(true);
        Tensor expected = stack(Enumerable.Range(0, 3).Select(i => nn.functional.linear(x2[i].to(ScalarType.Float32), a2[i])).ToArray());
        (expected * weights).sum().backward();

        Assert.Equal([3, rows, 5], h.shape);
        Assert.True(h.allclose(expected, rtol: 1e-5, atol: 1e-5), "forward differs from float32(x_i)·A_iᵀ");
        Assert.True(a.grad!.allclose(a2.grad!, rtol: 1e-5, atol: 1e-4), $"∂A differs by {(a.grad! - a2.grad!).abs().max().item<float>():G3}");
        Assert.Equal(ScalarType.BFloat16, x.grad!.dtype);
        Assert.True(x.grad!.to(ScalarType.Float32).allclose(x2.grad!.to(ScalarType.Float32), rtol: 1e-2, atol: 1e-3), "∂x differs");
        Assert.True(a.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void DownProjection_OverSeveralRowChunks_MatchesAutograd()
    {
        // Enough rows that backward's float32 temporaries take three chunks (the last one short).
        long rows = 2 * LoraDownProjection.ChunkBytes / (4096 * sizeof(float)) + 100;
        var generator = new Generator(5);
        using var scope = NewDisposeScope();
        Tensor x = randn([rows, 4096], generator: generator).to(ScalarType.BFloat16).requires_grad_(true);
        Tensor a = randn([4, 4096], generator: generator).requires_grad_(true);
        Tensor weights = randn([rows, 4], generator: generator);

        (LoraDownProjection.Project(x, a) * weights).sum().backward();
        Tensor x2 = x.detach().requires_grad_(true), a2 = a.detach().requires_grad_(true);
        (nn.functional.linear(x2.to(ScalarType.Float32), a2) * weights).sum().backward();

        Assert.True(a.grad!.allclose(a2.grad!, rtol: 1e-5, atol: 1e-4), $"∂A differs by {(a.grad! - a2.grad!).abs().max().item<float>():G3}");
        Assert.True(x.grad!.eq(x2.grad!).all().item<bool>(), "∂x differs");
    }

    [Fact]
    public void NetworkGradients_EqualTheMergedWeightGradientThroughEachFactor()
    {
        var init = new Generator(6);
        using var model = new ZImageTransformer2DModel(ZImageConfig.Tiny with { NLayers = 1 });
        using (no_grad())
            foreach (var p in model.parameters()) p.normal_(0, 0.2, init);
        foreach (var p in model.parameters()) p.requires_grad = false;
        using var lora = LoraNetwork.CreateTrainable(model, 3, new LoraTargets(), new Generator(1));
        using (no_grad())
            foreach (var (_, p) in lora.Parameters()) p.normal_(0, 0.2, init);

        Run(model);
        var factors = lora.Parameters().ToDictionary(p => p.Name, p => p.Parameter);

        // The same function with each adapted weight merged and trainable: G = ∂loss/∂(W + B·A).
        lora.Enabled = false;
        var linears = model.named_modules().Where(m => m.module is Linear).ToDictionary(m => m.name, m => (Linear)m.module);
        using (no_grad())
            foreach (string module in lora.Modules)
            {
                Linear linear = linears[module];
                linear.weight!.PlusInPlace(factors[Key(module, "B")].mm(factors[Key(module, "A")]));
                linear.weight.requires_grad = true;
            }
        Run(model);

        Assert.Equal(2 * 8, factors.Count);
        foreach (string module in lora.Modules)
        {
            Tensor g = linears[module].weight!.grad!;
            Tensor a = factors[Key(module, "A")], b = factors[Key(module, "B")];
            AssertClose($"{module} ∂B", b.grad!, g.mm(a.detach().t()));
            AssertClose($"{module} ∂A", a.grad!, b.detach().t().mm(g));
        }
    }

    static string Key(string module, string factor) => $"{LoraNetwork.KeyPrefix}{module}.lora_{factor}.weight";

    static void Run(ZImageTransformer2DModel model)
    {
        var generator = new Generator(2);
        var x = new List<Tensor> { randn([16, 1, 4, 6], generator: generator) };
        var caps = new List<Tensor> { randn([5, model.Config.CapFeatDim], generator: generator) };
        model.forward(x, tensor(new[] { 0.6f }), caps)[0].Squared().mean().backward();
    }

    static void AssertClose(string what, Tensor actual, Tensor expected)
    {
        Assert.True(expected.abs().sum().item<float>() > 0, $"{what}: no gradient reached it");
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-6),
            $"{what}: max |Δ| {(actual - expected).abs().max().item<float>():G3} of max {expected.abs().max().item<float>():G3}");
    }
}
