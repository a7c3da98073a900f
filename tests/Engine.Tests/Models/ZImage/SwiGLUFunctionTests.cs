using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.ZImage;

/// <summary>The feed-forward gating node against plain autograd through <c>silu(gate) * up</c>.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class SwiGLUFunctionTests
{
    public SwiGLUFunctionTests() => LibTorchLoader.EnsureLoaded();

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void Gradients_AreTheDecomposedOpsToTheBit(ScalarType dtype)
    {
        var generator = new Generator(11);
        using var scope = NewDisposeScope();
        Tensor gate = randn([3, 4, 10], generator: generator).mul(HeldScalars.Two).to(dtype).requires_grad_(true);
        Tensor up = randn([3, 4, 10], generator: generator).to(dtype).requires_grad_(true);
        Tensor upstream = randn([3, 4, 10], generator: generator).to(dtype);

        Tensor y = SwiGLUFunction.Apply(gate, up);
        (y * upstream).sum().backward();

        Tensor gate2 = gate.detach().requires_grad_(true), up2 = up.detach().requires_grad_(true);
        Tensor expected = nn.functional.silu(gate2) * up2;
        (expected * upstream).sum().backward();

        Assert.True(y.eq(expected).all().item<bool>(), "forward differs");
        Assert.True(gate.grad!.eq(gate2.grad!).all().item<bool>(), "∂gate differs");
        Assert.True(up.grad!.eq(up2.grad!).all().item<bool>(), "∂up differs");
        Assert.True(gate.grad!.ne(HeldScalars.Zero).any().item<bool>() && up.grad!.ne(HeldScalars.Zero).any().item<bool>());
    }
}
