using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>SwiGLU feed-forward: <c>down_proj(silu(gate_proj(x)) ⊙ up_proj(x))</c>, no biases.</summary>
public sealed class Qwen3MLP : nn.Module<Tensor, Tensor>
{
    public Linear gate_proj; // D → I
    public Linear up_proj;   // D → I
    public Linear down_proj; // I → D

    public Qwen3MLP(Qwen3Config config, Device? device, ScalarType dtype) : base(nameof(Qwen3MLP))
    {
        gate_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false, device, dtype);
        up_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false, device, dtype);
        down_proj = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: false, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, L, D)
    {
        using var scope = NewDisposeScope();
        // Projections through call(), not forward(): only call() runs module hooks, which float8 weights use (quantize_te).
        Tensor hidden = nn.functional.silu(gate_proj.call(x)) * up_proj.call(x); // (B, L, I)
        return down_proj.call(hidden).MoveToOuterDisposeScope();                 // (B, L, D)
    }
}
