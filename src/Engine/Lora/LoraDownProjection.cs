using TorchSharp;
using ZImageSweep.Engine.Models.Common;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Lora;

/// <summary>
/// A LoRA's down projection <c>h = float32(x) · Aᵀ</c> for training, as an autograd function that saves x in its own
/// dtype — the tensor the base projection saves anyway — instead of the float32 copy that plain autograd keeps for
/// A's gradient (with a bf16 model, 4 more bytes per input element of every adapted projection of every block, alive
/// from the forward to the backward). Backward recasts x for <c>∂A = ∂hᵀ · float32(x)</c> and returns
/// <c>∂x = (∂h · A)</c> in x's dtype: the products plain autograd forms.
/// </summary>
sealed class LoraDownProjection : autograd.SingleTensorFunction<LoraDownProjection>
{
    const string NeedsGradients = "needs";

    public override string Name => nameof(LoraDownProjection);

    /// <param name="input">(…, in) in the activation dtype.</param>
    /// <param name="a">(r, in) float32: one adapter's factor, or sibling adapters' factors stacked.</param>
    /// <returns>(…, r) float32.</returns>
    public static Tensor Project(Tensor input, Tensor a)
    {
        if (!is_grad_enabled() || !(a.requires_grad || input.requires_grad))
        {
            using Tensor cast = input.to(ScalarType.Float32);
            return nn.functional.linear(cast, a);
        }
        return CustomAutograd.Apply(() => apply(input, a));
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var a = (Tensor)vars[1];
        ctx.save_for_backward([input, a]);
        ctx.save_data(NeedsGradients, (Input: input.requires_grad, A: a.requires_grad));
        using Tensor cast = input.to(ScalarType.Float32);
        return nn.functional.linear(cast, a); // (…, r)
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
        if (needs.A)
        {
            using Tensor rows = input.flatten(0, -2).to(ScalarType.Float32); // (N, in)
            gradA = grad_output.flatten(0, -2).t().mm(rows); // (r, in)
        }
        if (needs.Input) gradInput = grad_output.matmul(a).Then(g => g.to(input.dtype)); // (…, in)
        grad_output.Dispose();
        return [CustomAutograd.Return(gradInput), CustomAutograd.Return(gradA)];
    }
}
