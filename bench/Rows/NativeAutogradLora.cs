using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// A rank-r fp32 LoRA on the same Linears as the engine's (<see cref="LoraTargets"/>), written as peft writes it —
/// <c>output += B(A(float32(x)))</c> in plain ops, so libtorch's own autograd records and runs all of it — for
/// measuring what the engine's LoRA costs beyond that: its managed autograd function for the down projection (which
/// saves x in its own dtype instead of a float32 copy) and its managed hooks. Each Linear projects its own input
/// (no sibling sharing), as peft does. Bench only: it trains nothing that is saved.
/// </summary>
sealed class NativeAutogradLora : IDisposable
{
    readonly List<(string Name, Parameter Parameter)> _parameters = [];
    readonly List<Action> _removeHooks = [];

    public NativeAutogradLora(nn.Module model, int rank, Generator generator)
    {
        var targets = new LoraTargets();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not Linear linear || !targets.Includes(name)) continue;
            Device device = linear.weight!.device;
            long inFeatures = linear.weight.shape[1], outFeatures = linear.weight.shape[0];
            using Scalar scale = Math.Sqrt(inFeatures).ToScalar(); // any small initial A serves a timing
            var a = new Parameter(randn([rank, inFeatures], ScalarType.Float32, device: device, generator: generator).div_(scale));
            var b = new Parameter(zeros([outFeatures, rank], ScalarType.Float32, device: device));
            _parameters.Add(($"{name}.lora_A", a));
            _parameters.Add(($"{name}.lora_B", b));
            var hook = linear.register_forward_hook((_, input, output) =>
            {
                using var scope = NewDisposeScope();
                // In place, as the engine adds its LoRA; the base output is saved by no backward.
                output.PlusInPlace(nn.functional.linear(nn.functional.linear(input.to(ScalarType.Float32), a), b).to(output.dtype));
                return output;
            });
            _removeHooks.Add(hook.remove);
        }
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters() => _parameters;

    public void Dispose()
    {
        foreach (Action remove in _removeHooks) remove();
        foreach (var (_, parameter) in _parameters) parameter.Dispose();
    }
}
