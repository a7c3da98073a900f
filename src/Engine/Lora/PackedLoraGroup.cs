using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Lora;

/// <summary>
/// The runtime networks of a pack's arms (each arm's frozen training adapter and trainable LoRA, issue 18) applied by
/// ONE forward hook per Linear instead of one per network: with k arms the per-network hooks cost 2k hook calls,
/// ~10 small kernels and a managed autograd callback each, per Linear, which bounds a packed step by launch overhead.
/// Per hook the enabled networks are grouped by their <see cref="LoraNetwork.Rows"/> (an arm's adapter and LoRA share
/// them) into segments, and each segment's factors are fused: down <c>[A_adapter; A_lora]</c>, up
/// <c>[B_adapter·m, B_lora·m]</c> (frozen factors stay gradient-free; autograd reaches only the trainable ones through
/// the concatenation). When every segment has the same number of rows, consecutively (the common case: one
/// resolution and batch size), all segments run at once as batched products over (k, rows, in), each segment's rank
/// padded with zeros to the largest; otherwise segment after segment. Sibling projections (q/k/v, w1/w3) share one
/// down projection (<see cref="LoraSiblings"/>), and the down projection saves no float32 copy of its input
/// (<see cref="LoraDownProjection"/>). A network added here applies only through the group until removed.
/// </summary>
public sealed class PackedLoraGroup : IDisposable
{
    /// <summary>The enabled networks that share one set of rows (one arm), in the order they were added.</summary>
    sealed record Segment(BatchRows? Rows, List<LoraNetwork> Networks);

    /// <summary>One network's factors on one module, with A's rank (read once: a shape is a native call).</summary>
    readonly record struct Factor(LoraNetwork Network, Tensor A, Tensor B, long Rank);

    /// <summary>
    /// What one module's hook does while the networks' states stay as they are: its segments, each segment's factors
    /// per sibling (<c>Factors[segment][sibling]</c>) and their summed ranks, and whether the segments batch.
    /// </summary>
    sealed record ModulePlan(List<string> Siblings, int Index, List<Segment> Segments, Factor[][][] Factors, long[][] Ranks, bool Batched)
    {
        public bool AddsNothing { get; } = Ranks.All(perSibling => perSibling.All(r => r == 0));
    }

    readonly List<LoraNetwork> _networks = [];
    readonly Dictionary<string, List<Factor>> _factors = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<string>> _siblings = new(StringComparer.Ordinal);
    readonly Dictionary<string, Action> _removeHooks = new(StringComparer.Ordinal);
    readonly Dictionary<(long Rows, long Columns, string Device), Tensor> _zeros = [];

    // Plans per module for the networks' states in _planStates (on or off, rows): a hook runs hundreds of times per
    // step, its networks change state a few times (previews, an arm leaving), so the grouping is worked out once.
    readonly Dictionary<string, ModulePlan> _plans = new(StringComparer.Ordinal);
    (bool On, BatchRows? Rows)[] _planStates = [];

    // Down projections a sibling computed for modules that have not run yet, and the input they came from.
    readonly Dictionary<string, Tensor?[]> _pendingDown = new(StringComparer.Ordinal);
    Tensor? _pendingInput;

    /// <summary>Applies <paramref name="network"/> through this group from the next forward on (its own hooks go quiet).</summary>
    public void Add(LoraNetwork network)
    {
        if (network.Group is not null) throw new InvalidOperationException("the network is already applied by a pack group");
        network.Group = this;
        _networks.Add(network);
        foreach (var (module, linear, a, b) in network.Factors())
        {
            if (!_factors.TryGetValue(module, out List<Factor>? factors))
            {
                _factors[module] = factors = [];
                var hook = linear.register_forward_hook((_, input, output) => Apply(module, input, output));
                _removeHooks[module] = hook.remove;
            }
            factors.Add(new Factor(network, a, b, a.shape[0]));
        }
        LinkSiblings();
        _plans.Clear();
    }

    /// <summary>Hands <paramref name="network"/> back to its own hooks (an arm leaving the pack; disposing the network does this too).</summary>
    public void Remove(LoraNetwork network)
    {
        if (!_networks.Remove(network)) return;
        network.Group = null;
        foreach (List<Factor> factors in _factors.Values) factors.RemoveAll(f => ReferenceEquals(f.Network, network));
        ReleasePending();
        _plans.Clear();
    }

    void LinkSiblings()
    {
        foreach (string module in _factors.Keys) _siblings[module] = LoraSiblings.Of(module, _factors.Keys);
    }

    Tensor Apply(string module, Tensor input, Tensor output)
    {
        ModulePlan plan = PlanFor(module);
        if (plan.AddsNothing) return output;
        using var scope = NewDisposeScope();
        long inputRows = input.shape[0];
        foreach (Segment segment in plan.Segments) segment.Rows?.CheckFits(module, inputRows);
        var (siblings, index, segments, factors, ranks, batched) = plan;
        Tensor?[] down;
        Tensor?[]? handed = null; // a sibling's, outside every dispose scope: freed below
        if (_pendingDown.Remove(module, out Tensor?[]? pending) && ReferenceEquals(input, _pendingInput))
            down = handed = pending;
        else
        {
            if (pending is not null) DisposeAll(pending);
            ReleasePending(); // left over from a forward that did not run every sibling
            Tensor?[][] all = batched
                ? [BatchedDown(factors, ranks, segments[0].Rows!.Value, input)]
                : [.. segments.Select((segment, j) => DownOf(factors[j], ranks[j], segment.Rows, input))];
            // all[segment or batch][sibling] → per sibling, the parts of every segment (or the batch)
            for (int s = 0; s < siblings.Count; s++)
                if (s != index) _pendingDown[siblings[s]] = all.Select(parts => parts[s]?.DetachFromDisposeScope()).ToArray();
            _pendingInput = input;
            down = all.Select(parts => parts[index]).ToArray();
        }
        if (batched) BatchedUp(factors.Select(perSibling => perSibling[index]).ToArray(), segments[0].Rows!.Value, down[0], output);
        else
            for (int j = 0; j < segments.Count; j++)
            {
                if (down[j] is not { } h) continue; // the segment has no factor on this module
                Tensor target = segments[j].Rows is { } rows ? output.narrow(0, rows.Start, rows.Length) : output;
                // In place: the base output is saved by no backward, and a new sum would be one more activation.
                target.PlusInPlace(nn.functional.linear(h, cat(factors[j][index].Select(Scaled).ToArray(), 1)).to(output.dtype));
            }
        if (handed is not null) DisposeAll(handed);
        return output;
    }

    /// <summary>The module's plan for the networks' current states, worked out again only when one of them changed.</summary>
    ModulePlan PlanFor(string module)
    {
        if (!StatesUnchanged())
        {
            _plans.Clear();
            _planStates = [.. _networks.Select(State)];
        }
        if (!_plans.TryGetValue(module, out ModulePlan? plan))
        {
            List<string> siblings = _siblings[module];
            List<Segment> segments = Segments();
            Factor[][][] factors = [.. segments.Select(segment => siblings.Select(s => _factors[s].Where(f => segment.Networks.Contains(f.Network)).ToArray()).ToArray())];
            long[][] ranks = [.. factors.Select(perSibling => perSibling.Select(fs => fs.Sum(f => f.Rank)).ToArray())];
            _plans[module] = plan = new ModulePlan(siblings, siblings.IndexOf(module), segments, factors, ranks, IsUniform(segments));
        }
        return plan;
    }

    static (bool On, BatchRows? Rows) State(LoraNetwork network) => (network.Enabled && network.Multiplier != 0, network.Rows);

    bool StatesUnchanged()
    {
        if (_planStates.Length != _networks.Count) return false;
        for (int i = 0; i < _networks.Count; i++)
            if (_planStates[i] != State(_networks[i])) return false;
        return true;
    }

    /// <summary>
    /// The enabled networks grouped by their rows. A network without a factor on some module still forms its segment
    /// there (zero-padded in the batched path), so arms that differ in target modules keep the batch uniform.
    /// </summary>
    List<Segment> Segments()
    {
        var segments = new List<Segment>();
        foreach (LoraNetwork network in _networks)
        {
            if (!network.Enabled || network.Multiplier == 0) continue;
            Segment? segment = segments.Find(s => s.Rows == network.Rows);
            if (segment is null) segments.Add(segment = new Segment(network.Rows, []));
            segment.Networks.Add(network);
        }
        if (segments.All(s => s.Rows is not null)) segments.Sort((x, y) => x.Rows!.Value.Start.CompareTo(y.Rows!.Value.Start));
        return segments;
    }

    /// <summary>Two or more segments of equal length, one after another: the batch holds them as (k, rows, …).</summary>
    static bool IsUniform(List<Segment> segments)
    {
        if (segments.Count < 2 || segments[0].Rows is not { } first) return false;
        for (int j = 0; j < segments.Count; j++)
            if (segments[j].Rows is not { } rows || rows.Length != first.Length || rows.Start != first.Start + j * first.Length) return false;
        return true;
    }

    /// <summary>
    /// One segment's down projection over its rows: <c>float32(x)·[A₁; A₂; …]ᵀ</c> over every sibling's factors
    /// (<paramref name="factors"/>[sibling]), split per sibling (null where the segment has none).
    /// </summary>
    static Tensor?[] DownOf(Factor[][] factors, long[] ranks, BatchRows? rows, Tensor input)
    {
        if (ranks.Sum() == 0) return new Tensor?[ranks.Length];
        Tensor rowsIn = rows is { } r ? input.narrow(0, r.Start, r.Length) : input;
        Tensor stacked = cat(factors.SelectMany(fs => fs).Select(f => f.A).ToArray(), 0); // (Σr, in)
        Tensor[] parts = LoraDownProjection.Project(rowsIn, stacked).split(ranks, -1);
        return parts.Select((p, s) => ranks[s] == 0 ? null : p).ToArray();
    }

    /// <summary>B · multiplier (the multiplier folded into the up factor, so one product serves every network of a segment).</summary>
    static Tensor Scaled(Factor factor)
    {
        if (factor.Network.Multiplier == 1) return factor.B;
        using Scalar multiplier = factor.Network.Multiplier.ToScalar(); // held across the call (HeldScalars)
        return factor.B.mul(multiplier);
    }

    /// <summary>A cached gradient-free float32 zero block that pads a segment's rank to the pack's largest.</summary>
    Tensor Zeros(long rows, long columns, Device device)
    {
        var key = (rows, columns, device.ToString());
        if (!_zeros.TryGetValue(key, out Tensor? block))
            _zeros[key] = block = zeros([rows, columns], ScalarType.Float32, device).DetachFromDisposeScope();
        return block;
    }

    /// <summary>
    /// All segments' down projection at once, batched over the k segments that hold <paramref name="first"/>'s
    /// length of rows each from its start on: (k, N, R_s) per sibling, R_s the largest rank of any segment on sibling
    /// s (null where it is 0).
    /// </summary>
    Tensor?[] BatchedDown(Factor[][][] factors, long[][] ranks, BatchRows first, Tensor input)
    {
        int k = factors.Length, siblings = ranks[0].Length;
        long[] padded = [.. Enumerable.Range(0, siblings).Select(s => ranks.Max(perSibling => perSibling[s]))];
        long features = input.shape[^1];
        var pieces = new List<Tensor>();
        for (int j = 0; j < k; j++)
            for (int s = 0; s < siblings; s++)
            {
                pieces.AddRange(factors[j][s].Select(f => f.A));
                if (padded[s] > ranks[j][s]) pieces.Add(Zeros(padded[s] - ranks[j][s], features, input.device));
            }
        Tensor stacked = cat(pieces.ToArray(), 0).view(k, padded.Sum(), features); // (k, ΣR, in)
        Tensor rowsIn = input.narrow(0, first.Start, k * first.Length).reshape(k, -1, features); // (k, N, in)
        Tensor[] parts = LoraDownProjection.Project(rowsIn, stacked).split(padded, -1);
        return parts.Select((p, s) => padded[s] == 0 ? null : p).ToArray();
    }

    /// <summary>
    /// All segments' up projection at once, batched: adds segment j's <c>h_j · [B·m …, 0]ᵀ</c> (its
    /// <paramref name="factors"/>[j] on this module, zero-padded to <paramref name="down"/>'s rank) to its rows of
    /// <paramref name="output"/>. The factors are joined as they are stored, (out, r) side by side, and the product
    /// reads the result as (k, R, out) through one permuted view, not a transposed view of each factor (2k operations per
    /// call, and as many again in the backward).
    /// </summary>
    void BatchedUp(Factor[][] factors, BatchRows first, Tensor? down, Tensor output)
    {
        if (down is null) return;
        long rank = down.shape[^1], features = output.shape[^1];
        var pieces = new List<Tensor>();
        foreach (Factor[] own in factors)
        {
            pieces.AddRange(own.Select(Scaled));
            long ownRank = own.Sum(f => f.Rank);
            if (rank > ownRank) pieces.Add(Zeros(features, rank - ownRank, down.device));
        }
        int k = factors.Length;
        Tensor up = cat(pieces.ToArray(), 1).view(features, k, rank).permute(1, 2, 0); // (k, R, out), strides (R, 1, k·R)
        // In place: the base output is saved by no backward, and a new sum would be one more activation.
        output.narrow(0, first.Start, k * first.Length).view(k, -1, features).PlusInPlace(down.bmm(up).to(output.dtype));
    }

    void ReleasePending()
    {
        foreach (Tensor?[] pending in _pendingDown.Values) DisposeAll(pending);
        _pendingDown.Clear();
        _pendingInput = null;
    }

    static void DisposeAll(Tensor?[] tensors)
    {
        foreach (Tensor? tensor in tensors) tensor?.Dispose();
    }

    public void Dispose()
    {
        ReleasePending();
        foreach (Action remove in _removeHooks.Values) remove();
        _removeHooks.Clear();
        foreach (LoraNetwork network in _networks) network.Group = null;
        _networks.Clear();
        _factors.Clear();
        foreach (Tensor block in _zeros.Values) block.Dispose();
        _zeros.Clear();
        _plans.Clear();
    }
}
