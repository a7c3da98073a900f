using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>
/// Token embedding table (key <c>weight</c>, like nn.Embedding). TorchSharp's <c>nn.Embedding</c> materialises
/// and randomly initialises the table on the CPU even for another device (≈ 5–9 s and 1.5 GB for Qwen3-4B, also
/// with <c>Embedding_from_pretrained</c>), so the table is allocated directly on the target device and zeroed;
/// its values always come from a checkpoint.
/// </summary>
public sealed class Qwen3Embedding : nn.Module<Tensor, Tensor>
{
    public Parameter weight; // (vocab, D)

    public Qwen3Embedding(long vocabSize, long hiddenSize, Device? device, ScalarType dtype) : base(nameof(Qwen3Embedding))
    {
        weight = nn.Parameter(zeros(vocabSize, hiddenSize, dtype, device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids) // (...) int64
    {
        using var scope = NewDisposeScope();
        long[] shape = [.. ids.shape, weight.shape[1]];
        return weight.index_select(0, ids.reshape(-1)).reshape(shape).MoveToOuterDisposeScope(); // (..., D)
    }
}
