using TorchSharp;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Lora;

/// <summary>
/// A pack's networks applied by one <see cref="PackedLoraGroup"/> hook per Linear give the same outputs and LoRA
/// gradients as the same networks applied one hook each over their <see cref="LoraNetwork.Rows"/> (the path
/// PackedLoraRowsTests checks against each arm alone). Three arms that differ in rank, targets and adapter: arm 0 a
/// frozen adapter (rank 3, every projection) and a rank-4 LoRA; arm 1 a rank-2 LoRA on attention and adaLN only, no
/// adapter; arm 2 a frozen feed-forward-only adapter at multiplier 0.5 and a rank-3 LoRA. Equal rows take the
/// batched path (ranks zero-padded), unequal rows the per-arm one.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class PackedLoraGroupTests : IDisposable
{
    static readonly Scalar BScale = 0.1.ToScalar(); // held (HeldScalars)
    readonly ZImageTransformer2DModel _model;
    readonly LoraNetwork[][] _arms; // per arm: its networks, adapter first
    readonly LoraNetwork[] _loras;
    readonly List<Tensor> _latents, _captions;
    readonly PackedLoraGroup _group = new();

    public PackedLoraGroupTests()
    {
        LibTorchLoader.EnsureLoaded();
        // The base's weights from a generator of the test's own: the global one is shared with tests running in
        // parallel, and a fixture drawn after one of theirs would not be the one the tolerance below was measured on.
        var weights = new Generator(7);
        _model = new ZImageTransformer2DModel(ZImageConfig.Tiny with { NLayers = 2 });
        using (no_grad())
            foreach (var p in _model.parameters()) p.normal_(0, 0.1, weights);
        foreach (var p in _model.parameters()) p.requires_grad = false;
        var generator = new Generator(3);
        LoraNetwork adapter0 = Frozen(LoraNetwork.CreateTrainable(_model, rank: 3, new LoraTargets(), new Generator(10)));
        LoraNetwork adapter2 = Frozen(LoraNetwork.CreateTrainable(_model, rank: 2, new LoraTargets(OnlyIfContains: ["feed_forward"]), new Generator(12)));
        adapter2.Multiplier = 0.5;
        _loras =
        [
            LoraNetwork.CreateTrainable(_model, rank: 4, new LoraTargets(), new Generator(1)),
            LoraNetwork.CreateTrainable(_model, rank: 2, new LoraTargets(OnlyIfContains: ["attention", "adaLN"]), new Generator(2)),
            LoraNetwork.CreateTrainable(_model, rank: 3, new LoraTargets(), new Generator(4)),
        ];
        _arms = [[adapter0, _loras[0]], [_loras[1]], [adapter2, _loras[2]]];
        using (no_grad())
            foreach (var (_, b) in _arms.SelectMany(a => a).SelectMany(n => n.Parameters()).Where(p => p.Name.Contains("lora_B")))
                b.copy_(randn(b.shape, generator: generator).mul(BScale)); // non-zero B, so every network changes its rows
        _latents = [randn([16, 1, 4, 6], generator: generator), randn([16, 1, 6, 4], generator: generator), randn([16, 1, 4, 4], generator: generator), randn([16, 1, 6, 6], generator: generator)];
        _captions = [.. new[] { 5, 7, 3, 4 }.Select(tokens => randn([tokens, _model.Config.CapFeatDim], generator: generator))];
    }

    static LoraNetwork Frozen(LoraNetwork network)
    {
        foreach (var (_, p) in network.Parameters()) p.requires_grad = false;
        return network;
    }

    public void Dispose()
    {
        _group.Dispose();
        foreach (LoraNetwork network in _arms.SelectMany(a => a)) network.Dispose();
        _model.Dispose();
    }

    static readonly float[] Times = [0.3f, 0.6f, 0.8f, 0.45f];

    /// <summary>
    /// One forward and backward of items 0 … <paramref name="items"/> − 1 with each arm on its rows; an arm is off
    /// where its rows are null, unless <paramref name="on"/> says otherwise (on over the whole batch).
    /// </summary>
    (List<Tensor> Outputs, Dictionary<string, Tensor>[] Gradients) Step(int items, BatchRows?[] rows, bool[]? on = null)
    {
        for (int arm = 0; arm < _arms.Length; arm++)
            foreach (LoraNetwork network in _arms[arm])
            {
                network.Enabled = on?[arm] ?? rows[arm] is not null;
                network.Rows = rows[arm];
            }
        var outputs = _model.forward(_latents.GetRange(0, items), tensor(Times[..items]), _captions.GetRange(0, items));
        // Item-dependent weights, so a gradient from the wrong rows would not cancel out.
        outputs.Select((o, i) =>
        {
            using Scalar weight = (i + 1).ToScalar();
            return o.Squared().mean().mul(weight);
        }).Aggregate((a, b) => a.Plus(b)).backward();
        var gradients = _loras.Select(lora => lora.Parameters().Where(p => p.Parameter.grad is not null)
            .ToDictionary(p => p.Name, p => p.Parameter.grad!.clone())).ToArray();
        foreach (var (_, p) in _loras.SelectMany(l => l.Parameters())) p.grad = null;
        return (outputs.Select(o => o.detach()).ToList(), gradients);
    }

    void Group()
    {
        foreach (LoraNetwork network in _arms.SelectMany(a => a)) _group.Add(network);
    }

    /// <summary>
    /// fp32 agreement bound. The two paths form the same sums in another order: the grouped up projection adds
    /// <c>h·[B_adapter·m, B_lora]ᵀ</c> as one product where the per-network path adds two, the batched products block
    /// their sums differently from one GEMM per arm, and ∂A of a batched factor is one bmm per arm. Each reorders
    /// float32 sums (unit roundoff 6e-8) of a few hundred terms, and a LoRA A gradient whose terms cancel magnifies
    /// that. Measured on this fixture (2-core CPU, 1 and 2 threads alike): ≤ 3.1e-6 (an attention ∂A); over 12 other
    /// random fixtures up to 1.0e-5, and 3.0e-5 once in CI when the fixture was still drawn from the global generator
    /// (shared with tests running in parallel, so not always this one). 5e-5, as in PackedLoraRowsTests, still fails
    /// any arm reading another's rows or a missing/extra network, which differ by O(1).
    /// </summary>
    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        double rel = (expected - actual).norm().item<float>() / expected.norm().item<float>();
        Assert.True(rel <= 5e-5, $"{what}: relative L2 difference {rel:E2}");
    }

    void AssertSame((List<Tensor> Outputs, Dictionary<string, Tensor>[] Gradients) expected, (List<Tensor> Outputs, Dictionary<string, Tensor>[] Gradients) actual)
    {
        Assert.Equal(expected.Outputs.Count, actual.Outputs.Count);
        for (int i = 0; i < expected.Outputs.Count; i++) AssertClose(expected.Outputs[i], actual.Outputs[i], $"item {i}");
        for (int arm = 0; arm < _loras.Length; arm++)
        {
            Assert.Equal(expected.Gradients[arm].Keys.Order(), actual.Gradients[arm].Keys.Order());
            foreach (var (name, gradient) in expected.Gradients[arm]) AssertClose(gradient, actual.Gradients[arm][name], $"arm {arm} {name}");
        }
    }

    [Fact]
    public void EqualRows_BatchedOverTheArms_EqualOneHookPerNetwork()
    {
        BatchRows?[] rows = [new BatchRows(0, 1, 3), new BatchRows(1, 1, 3), new BatchRows(2, 1, 3)];
        var expected = Step(3, rows);
        Group();
        var actual = Step(3, rows);

        AssertSame(expected, actual);
        Assert.All(expected.Gradients, g => Assert.Contains(g.Values, t => t.abs().max().item<float>() > 0));
        Assert.DoesNotContain(expected.Gradients[1].Keys, k => k.Contains("feed_forward")); // arm 1 has no LoRA there
    }

    [Fact]
    public void EqualRowsOfTwoItemsEach_BatchedOverTheArms_EqualOneHookPerNetwork()
    {
        // Arms 0 and 2 with two items each (of different sizes): the batched view (k, 2·S, in) spans both items of an arm.
        BatchRows?[] rows = [new BatchRows(0, 2, 4), null, new BatchRows(2, 2, 4)];
        var expected = Step(4, rows);
        Group();
        AssertSame(expected, Step(4, rows));
    }

    [Fact]
    public void UnequalRows_ArmAfterArm_EqualOneHookPerNetwork()
    {
        BatchRows?[] rows = [new BatchRows(0, 1, 4), new BatchRows(1, 2, 4), new BatchRows(3, 1, 4)];
        var expected = Step(4, rows);
        Group();
        AssertSame(expected, Step(4, rows));
    }

    [Fact]
    public void AnArmSwitchedOff_AddsNothingAndGetsNoGradient()
    {
        // Arm 1 is off but its item stays in the batch (rows 0 and 2 are not consecutive: the per-arm path); then its
        // item leaves the batch too (rows 0 and 1 of 2: batched).
        foreach (BatchRows?[] rows in new[] { new BatchRows?[] { new BatchRows(0, 1, 3), null, new BatchRows(2, 1, 3) }, [new BatchRows(0, 1, 2), null, new BatchRows(1, 1, 2)] })
        {
            int items = (int)rows[0]!.Value.Total;
            foreach (LoraNetwork network in _arms.SelectMany(a => a)) _group.Remove(network);
            var expected = Step(items, rows);
            Group();
            var actual = Step(items, rows);

            AssertSame(expected, actual);
            Assert.Empty(actual.Gradients[1]);
        }
    }

    [Fact]
    public void OneArmOverTheWholeBatch_AsItsPreviewsSeeIt_EqualsItsOwnHooks()
    {
        // SoloView's view of arm 2: the others off, arm 2 without rows over a batch of two items.
        BatchRows?[] rows = [null, null, null];
        bool[] on = [false, false, true];
        var expected = Step(2, rows, on);
        Group();
        var actual = Step(2, rows, on);

        AssertSame(expected, actual);
        Assert.Empty(actual.Gradients[0]);
        Assert.Contains(actual.Gradients[2].Values, t => t.abs().max().item<float>() > 0);
    }

    [Fact]
    public void ARemovedNetwork_AppliesThroughItsOwnHooksAgain()
    {
        BatchRows?[] rows = [new BatchRows(0, 1, 3), new BatchRows(1, 1, 3), new BatchRows(2, 1, 3)];
        var expected = Step(3, rows);
        Group();
        foreach (LoraNetwork network in _arms[1]) _group.Remove(network);
        AssertSame(expected, Step(3, rows));
    }

    [Fact]
    public void ADisposedNetwork_LeavesTheGroup()
    {
        BatchRows?[] rows = [new BatchRows(0, 1, 3), new BatchRows(1, 1, 3), new BatchRows(2, 1, 3)];
        var expected = Step(3, rows);
        Group();
        var leaving = LoraNetwork.CreateTrainable(_model, rank: 2, new LoraTargets(), new Generator(20));
        leaving.Rows = rows[1];
        _group.Add(leaving);
        leaving.Dispose(); // as an arm's session disposes its networks when it leaves the pack

        AssertSame(expected, Step(3, rows)); // neither its (freed) factors read nor its rows changed
    }
}
