using TorchSharp;
using ZImageSweep.Engine.Models.Common;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Lora;

/// <summary>
/// A LoRA's down projection <c>h = float32(x) · Aᵀ</c> for training, as an autograd function that saves x in its own
/// dtype — the tensor the base projection saves anyway — instead of the float32 copy that plain autograd keeps for
/// A's gradient (with a bf16 model, 4 more bytes per input element of every adapted projection of every block, alive
/// from the forward to the backward). Backward recasts x for <c>∂A = ∂hᵀ · float32(x)</c> and returns
/// <c>∂x = (∂h · A)</c> in x's dtype: the products plain autograd forms. A batched form runs k arms of a pack at
/// once (<see cref="PackedLoraGroup"/>): x (k, N, in) and A (k, r, in), one product per arm.
/// </summary>
sealed class LoraDownProjection : autograd.SingleTensorFunction<LoraDownProjection>
{
    const string NeedsGradients = "needs";

    /// <summary>
    /// Float32 bytes a backward temporary may take at once: one chunk for a 512² image's q/k/v input (1088 tokens ×
    /// 3840), two for its w2 input (× 10240), six for w2 at 1024².
    /// </summary>
    internal const long ChunkBytes = 32L << 20;

    public override string Name => nameof(LoraDownProjection);

    /// <summary>(start, length) of consecutive row ranges that together cover <paramref name="rows"/> rows.</summary>
    static IEnumerable<(long Start, long Length)> RowChunks(long rows, long features)
    {
        long chunk = Math.Max(1, ChunkBytes / (features * sizeof(float)));
        for (long start = 0; start < rows; start += chunk) yield return (start, Math.Min(chunk, rows - start));
    }

    /// <param name="input">(…, in) in the activation dtype; (k, N, in) when <paramref name="a"/> is batched.</param>
    /// <param name="a">(r, in) float32: one adapter's factor, or sibling adapters' factors stacked; or (k, r, in), one per arm.</param>
    /// <returns>(…, r) float32; (k, N, r) when batched.</returns>
    public static Tensor Project(Tensor input, Tensor a)
    {
        if (a.dim() == 3 && (input.dim() != 3 || input.shape[0] != a.shape[0]))
            throw new ArgumentException($"a batched down projection needs (k, N, in) input for {a.shape[0]} arms, got {input.dim()} dimensions", nameof(input));
        if (!is_grad_enabled() || !(a.requires_grad || input.requires_grad))
        {
            using Tensor cast = input.to(ScalarType.Float32);
            return Product(cast, a);
        }
        return CustomAutograd.Apply(() => apply(input, a));
    }

    static Tensor Product(Tensor cast, Tensor a) => a.dim() == 3 ? cast.bmm(a.transpose(1, 2)) : nn.functional.linear(cast, a);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var a = (Tensor)vars[1];
        ctx.save_for_backward([input, a]);
        ctx.save_data(NeedsGradients, (Input: input.requires_grad, A: a.requires_grad));
        using Tensor cast = input.to(ScalarType.Float32);
        return Product(cast, a); // (…, r)
    }

    // Runs on libtorch's autograd thread (see BlockCheckpoint): what it makes is freed at once, grad_output too.
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        CustomAutograd.ReleaseReturnedGradients();
        using var scope = NewDisposeScope();
        var needs = ((bool Input, bool A))ctx.get_data(NeedsGradients);
        var saved = ctx.get_saved_variables();
        Tensor input = saved[0], a = saved[1];
        Tensor? gradA = null, gradInput = null;
        // Both forms as (k, N, ·): one arm (k = 1) or a pack's arms.
        bool batched = a.dim() == 3;
        Tensor x = batched ? input : input.flatten(0, -2).unsqueeze(0), g = batched ? grad_output : grad_output.flatten(0, -2).unsqueeze(0);
        Tensor factors = batched ? a : a.unsqueeze(0); // (k, r, in)
        long arms = x.shape[0], features = x.shape[2];
        // Both products run over row chunks, so the float32 activation-sized temporaries (float32(x) for ∂A, ∂x before
        // its cast) are a chunk at a time: at the start of a block's backward they would otherwise add up to
        // 2.67 activations for the feed-forward's w2 alone, on top of everything the block saved.
        if (needs.A)
        {
            foreach (var (start, length) in RowChunks(x.shape[1], arms * features))
            {
                using var part = NewDisposeScope();
                Tensor gPart = g.narrow(1, start, length).transpose(1, 2), xPart = x.narrow(1, start, length).to(ScalarType.Float32);
                if (gradA is null) gradA = gPart.bmm(xPart).MoveToOuterDisposeScope(); // (k, r, in)
                else gradA.PlusInPlace(gPart.bmm(xPart)); // TorchSharp has no in-place baddbmm; the (k, r, in) temporary is small
            }
            if (!batched) gradA = gradA!.squeeze(0);
        }
        if (needs.Input)
        {
            Tensor rows = empty(x.shape, input.dtype, x.device); // (k, N, in)
            foreach (var (start, length) in RowChunks(x.shape[1], arms * features))
            {
                using var part = NewDisposeScope();
                rows.narrow(1, start, length).copy_(g.narrow(1, start, length).bmm(factors)); // cast to x's dtype on copy
            }
            gradInput = rows.view(input.shape);
        }
        grad_output.Dispose();
        return [CustomAutograd.Return(gradInput), CustomAutograd.Return(gradA)];
    }
}
