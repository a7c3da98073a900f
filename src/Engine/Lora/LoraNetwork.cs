using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.Common;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Lora;

/// <summary>
/// A LoRA applied at run time through forward hooks on a model's Linear layers:
/// <c>y = W·x + multiplier · B(A(x))</c>, with A and B in float32 and the branch cast back to the activation dtype
/// (ai-toolkit's runtime forward). In training the down projection saves no float32 copy of its input
/// (<see cref="LoraDownProjection"/>). The base weights are never touched, so the same model serves training (a
/// trainable network), preview sampling with the training adapter cancelled (a frozen network at multiplier −1)
/// and plain inference (no network, or <see cref="Enabled"/> off).
/// Keys follow ai-toolkit's Z-Image format: <c>diffusion_model.{module}.lora_A.weight</c> / <c>.lora_B.weight</c>.
/// </summary>
public sealed class LoraNetwork : IDisposable
{
    public const string KeyPrefix = "diffusion_model.";

    sealed class Adapter(string module, Linear linear, Parameter a, Parameter b)
    {
        public string Module { get; } = module;
        public Linear Linear { get; } = linear;
        public Parameter A { get; } = a;
        public Parameter B { get; } = b;
        /// <summary>The adapters reading the same input, in call order, this one included.</summary>
        public List<Adapter> Siblings { get; set; } = [];
        public Action RemoveHook { get; set; } = () => { };
    }

    readonly List<Adapter> _adapters = [];

    // Down projections a sibling computed for adapters that have not run yet, and the input they were computed from
    // (a sibling called with another input recomputes its own).
    readonly Dictionary<Adapter, Tensor> _pendingDown = [];
    Tensor? _pendingInput;

    public double Multiplier { get; set; } = 1.0;
    public bool Enabled { get; set; } = true;
    /// <summary>
    /// When set, the network reads and changes only these rows of each batch (one arm of a pack sharing the base,
    /// Training/Packing); null for the whole batch.
    /// </summary>
    public BatchRows? Rows { get; set; }
    /// <summary>
    /// Set while a <see cref="PackedLoraGroup"/> applies this network (with the pack's other networks, in one hook per
    /// Linear); its own hooks then add nothing. Disposing the network takes it out of the group.
    /// </summary>
    internal PackedLoraGroup? Group { get; set; }
    public int Rank { get; }
    public IReadOnlyList<string> Modules => _adapters.Select(a => a.Module).ToList();

    LoraNetwork(int rank) => Rank = rank;

    /// <summary>
    /// A new trainable network: A Kaiming-uniform with a = √5 (U(−1/√in, 1/√in)), B zero, so training starts from the
    /// unchanged model; parameters in float32 on the model's device.
    /// </summary>
    public static LoraNetwork CreateTrainable(nn.Module model, int rank, LoraTargets targets, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        var network = new LoraNetwork(rank);
        foreach (var (name, linear) in Linears(model).Where(l => targets.Includes(l.Name)))
        {
            double bound = 1 / Math.Sqrt(linear.in_features);
            using Scalar width = (2 * bound).ToScalar(), low = bound.ToScalar(); // held across the call (HeldScalars)
            var a = rand([rank, linear.in_features], ScalarType.Float64, generator: generator).mul(width).sub(low).to(ScalarType.Float32, linear.weight.device);
            var b = zeros([linear.out_features, rank], ScalarType.Float32, linear.weight.device);
            network.Attach(name, linear, new Parameter(a, requires_grad: true), new Parameter(b, requires_grad: true));
        }
        if (network._adapters.Count == 0) throw new ArgumentException("the LoRA target filters match no Linear layer of the model", nameof(targets));
        network.LinkSiblings();
        return network;
    }

    /// <summary>A frozen network from a LoRA file (e.g. the training adapter), checked against the model first.</summary>
    public static LoraNetwork FromFile(nn.Module model, ZImageLora lora, double multiplier)
    {
        var targets = LoraMerge.Resolve(model, lora);
        var network = new LoraNetwork((int)lora.Pairs.Values.Max(p => p.Rank)) { Multiplier = multiplier };
        foreach (var (module, linear) in targets)
        {
            LoraPair pair = lora.Pairs[module];
            Device device = linear.weight.device;
            using Scalar scale = pair.Scale.ToScalar(); // held across the call (HeldScalars)
            // A file's alpha/rank scale is folded into B so the hook stays multiplier · B(A(x)).
            network.Attach(module, linear,
                new Parameter(pair.A.to(ScalarType.Float32, device).clone(), requires_grad: false),
                new Parameter(pair.B.to(ScalarType.Float32, device).mul(scale).clone(), requires_grad: false));
        }
        network.LinkSiblings();
        return network;
    }

    void Attach(string module, Linear linear, Parameter a, Parameter b)
    {
        var adapter = new Adapter(module, linear, a, b);
        var hook = linear.register_forward_hook((_, input, output) =>
        {
            if (Group is not null || !Enabled || Multiplier == 0) return output;
            using var scope = NewDisposeScope();
            Rows?.CheckFits(adapter.Module, input.shape[0]);
            Tensor target = Rows is { } rows ? output.narrow(0, rows.Start, rows.Length) : output;
            Tensor update = Down(adapter, input).Then(h => nn.functional.linear(h, adapter.B)); // (…, out) float32
            if (Multiplier != 1)
            {
                using Scalar multiplier = Multiplier.ToScalar(); // held across the call (HeldScalars)
                update = update.Then(u => u.mul(multiplier));
            }
            // In place: the base output is saved by no backward, and a new sum would be one more activation.
            target.PlusInPlace(update.Then(u => u.to(output.dtype)));
            return output;
        });
        adapter.RemoveHook = hook.remove;
        _adapters.Add(adapter);
    }

    /// <summary>Groups each adapter with the siblings that read its input (see <see cref="LoraSiblings"/>).</summary>
    void LinkSiblings()
    {
        var byModule = _adapters.ToDictionary(a => a.Module, StringComparer.Ordinal);
        foreach (Adapter adapter in _adapters)
            adapter.Siblings = LoraSiblings.Of(adapter.Module, byModule.Keys).Select(m => byModule[m]).ToList();
    }

    /// <summary>This adapter's <c>float32(x) · Aᵀ</c> over <see cref="Rows"/>, (…, r); for siblings, all of theirs at once.</summary>
    Tensor Down(Adapter adapter, Tensor input)
    {
        if (_pendingDown.Remove(adapter, out Tensor? pending))
        {
            if (ReferenceEquals(input, _pendingInput)) return pending;
            pending.Dispose();
        }
        Tensor rowsIn = Rows is { } rows ? input.narrow(0, rows.Start, rows.Length) : input;
        if (adapter.Siblings.Count == 1) return LoraDownProjection.Project(rowsIn, adapter.A);

        ReleasePending(); // left over from a forward that did not run every sibling
        Tensor all;
        using (Tensor stacked = cat(adapter.Siblings.Select(s => (Tensor)s.A).ToArray(), 0)) // (Σr, in)
            all = LoraDownProjection.Project(rowsIn, stacked);
        Tensor[] parts = all.split(adapter.Siblings.Select(s => s.A.shape[0]).ToArray(), -1); // views, one per sibling
        all.Dispose();
        for (int i = 0; i < parts.Length; i++)
            if (!ReferenceEquals(adapter.Siblings[i], adapter)) _pendingDown[adapter.Siblings[i]] = parts[i].DetachFromDisposeScope();
        _pendingInput = input;
        return parts[adapter.Siblings.IndexOf(adapter)];
    }

    void ReleasePending()
    {
        foreach (Tensor pending in _pendingDown.Values) pending.Dispose();
        _pendingDown.Clear();
        _pendingInput = null;
    }

    static IEnumerable<(string Name, Linear Linear)> Linears(nn.Module model) =>
        model.named_modules().Where(m => m.module is Linear).Select(m => (m.name, (Linear)m.module));

    /// <summary>Each adapted Linear with its factors (A (r, in), B (out, r) with a file's scale folded in), for <see cref="PackedLoraGroup"/>.</summary>
    internal IEnumerable<(string Module, Linear Linear, Parameter A, Parameter B)> Factors() =>
        _adapters.Select(a => (a.Module, a.Linear, a.A, a.B));

    /// <summary>The trainable tensors under their ai-toolkit keys (for the optimizer and checkpoints).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters() =>
        _adapters.SelectMany(a => new[] { (Key(a.Module, "lora_A"), a.A), (Key(a.Module, "lora_B"), a.B) }).ToList();

    /// <summary>The LoRA as ai-toolkit saves it: CPU tensors in <paramref name="dtype"/>, no alpha keys.</summary>
    public Dictionary<string, Tensor> StateDict(ScalarType dtype) =>
        Parameters().ToDictionary(p => p.Name, p => p.Parameter.detach().to(dtype).cpu().clone()); // copies, never aliases of the live weights

    /// <summary>Loads saved factors into this network (resume, pretrained_lora_path); every key must match in name and shape.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state, string source)
    {
        var parameters = Parameters().ToDictionary(p => p.Name, p => p.Parameter);
        var unexpected = state.Keys.Where(k => !parameters.ContainsKey(k)).ToList();
        var missing = parameters.Keys.Where(k => !state.ContainsKey(k)).ToList();
        if (unexpected.Count > 0 || missing.Count > 0)
            throw new LoraFormatException(source, (unexpected.Count > 0 ? unexpected : missing)[0],
                $"does not fit this network (rank {Rank}): {missing.Count} key(s) missing, {unexpected.Count} unexpected");
        using var _ = no_grad();
        foreach (var (name, p) in parameters)
        {
            if (!state[name].shape.SequenceEqual(p.shape))
                throw new LoraFormatException(source, name, $"shape [{string.Join(", ", state[name].shape)}] differs from the network's [{string.Join(", ", p.shape)}]");
            p.copy_(state[name]);
        }
    }

    static string Key(string module, string factor) => $"{KeyPrefix}{module}.{factor}.weight";

    public void Dispose()
    {
        Group?.Remove(this); // its factors are freed below: the group must not read them again
        ReleasePending();
        foreach (Adapter adapter in _adapters)
        {
            adapter.RemoveHook();
            adapter.A.Dispose();
            adapter.B.Dispose();
        }
        _adapters.Clear();
    }
}
