using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.Common;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>SwiGLU feed-forward <c>w2(silu(w1·x) ⊙ w3·x)</c>, no biases (the gating is <see cref="SwiGLUFunction"/>).</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    readonly Linear w1;
    readonly Linear w2;
    readonly Linear w3;

    public FeedForward(int dim, int hiddenDim, Device? device = null, ScalarType? dtype = null) : base(nameof(FeedForward))
    {
        w1 = nn.Linear(dim, hiddenDim, hasBias: false, device: device, dtype: dtype);
        w2 = nn.Linear(hiddenDim, dim, hasBias: false, device: device, dtype: dtype);
        w3 = nn.Linear(dim, hiddenDim, hasBias: false, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        using Tensor gate = w1.call(x), up = w3.call(x); // (B, S, hidden)
        return SwiGLUFunction.Apply(gate, up).Then(w2.call).MoveToOuterDisposeScope(); // (B, S, dim)
    }
}
