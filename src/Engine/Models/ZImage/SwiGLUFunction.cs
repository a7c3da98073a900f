using TorchSharp;
using ZImageSweep.Engine.Models.Common;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// <c>silu(gate) ⊙ up</c> as one autograd node that saves its two inputs only: the decomposed ops also keep
/// silu(gate) for the product's backward, one more hidden-sized activation per block from the forward to the
/// backward. Backward recomputes silu(gate) and uses libtorch's own silu backward, so the gradients are the
/// decomposed ops' to the bit.
/// </summary>
sealed class SwiGLUFunction : autograd.SingleTensorFunction<SwiGLUFunction>
{
    public override string Name => nameof(SwiGLUFunction);

    /// <param name="gate">w1·x, (…, hidden).</param>
    /// <param name="up">w3·x, (…, hidden).</param>
    public static Tensor Apply(Tensor gate, Tensor up)
    {
        if (!is_grad_enabled() || !(gate.requires_grad || up.requires_grad))
            return nn.functional.silu(gate).Then(s => s * up);
        return CustomAutograd.Apply(() => apply(gate, up));
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var gate = (Tensor)vars[0];
        var up = (Tensor)vars[1];
        ctx.save_for_backward([gate, up]);
        return nn.functional.silu(gate).Then(s => s * up);
    }

    // Runs on libtorch's autograd thread (see BlockCheckpoint): what it makes is freed at once, grad_output too.
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        CustomAutograd.ReleaseReturnedGradients();
        using var scope = NewDisposeScope();
        var saved = ctx.get_saved_variables();
        Tensor gate = saved[0], up = saved[1];
        Tensor? gradUp = null, gradGate = null;
        using (enable_grad())
        {
            Tensor leaf = gate.detach().requires_grad_(true);
            Tensor activated = nn.functional.silu(leaf); // (…, hidden)
            // ∂gate first, so its temporary ∂silu is gone before ∂up exists: one hidden-sized tensor less at a time.
            if (gate.requires_grad)
            {
                using Tensor gradActivated = grad_output * up;
                gradGate = autograd.grad([activated], [leaf], [gradActivated])[0];
            }
            if (up.requires_grad) gradUp = grad_output * activated.detach();
        }
        grad_output.Dispose();
        return [CustomAutograd.Return(gradGate), CustomAutograd.Return(gradUp)];
    }
}
