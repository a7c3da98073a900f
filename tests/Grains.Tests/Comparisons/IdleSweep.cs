using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Workers;
using ZImageSweep.StandInWorker;

namespace ZImageSweep.Grains.Tests.Comparisons;

/// <summary>
/// A 2×2 sweep (concurrency 4, so two arms run and two wait for a slot) whose workers train nothing: its arms keep
/// real statuses while the test alone feeds the comparison. Disposing cancels it, which frees the slots.
/// </summary>
internal sealed class IdleSweep : IAsyncDisposable
{
    readonly IGrainFactory _grains;
    readonly string _samplesRoot;

    IdleSweep(IGrainFactory grains, SweepDefinition definition, string samplesRoot)
    {
        _grains = grains;
        Definition = definition;
        _samplesRoot = samplesRoot;
    }

    public SweepDefinition Definition { get; }
    public string Name => Definition.Name;
    public IComparisonGrain Comparison => _grains.GetGrain<IComparisonGrain>(Name);
    public string Arm(int index) => Definition.Arms[index].Id;

    public static async Task<IdleSweep> CreateAsync(SweepClusterFixture fixture, string prefix)
    {
        var definition = SweepBuilder.TwoByTwo($"{prefix}-{Guid.NewGuid():N}", concurrency: 4, meta: ", fake_idle: \"true\"");
        await fixture.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        return new IdleSweep(fixture.Grains, definition, Path.Combine(fixture.ArtifactRoot, "test-samples", definition.Name));
    }

    public Task Loss(int arm, long step, double loss) =>
        Comparison.OnArmReport(Arm(arm), new WorkerReport(WorkerReportKind.Step, step) { Loss = loss });

    /// <summary>Real PNGs (the stand-in worker's, one colour per arm) reported through the real event translation.</summary>
    public Task Samples(int arm, long step) =>
        Comparison.OnArmReport(Arm(arm), WorkerReports.From(FakeSamples.Write(new TrainingOutput(Path.Combine(_samplesRoot, Arm(arm)), Arm(arm)), step)));

    public Task Validation(int arm, long step, double? loss, double? drift, double? leakage) =>
        Comparison.OnArmReport(Arm(arm), WorkerReports.From(new Contracts.Workers.ValidationEvent(step, loss, drift, leakage)));

    public Task<ExperimentSnapshot> Cancel(int arm) =>
        _grains.GetGrain<IExperimentGrain>(ExperimentKeys.For(Name, Arm(arm))).Cancel();

    public async ValueTask DisposeAsync() => await _grains.GetGrain<ISweepGrain>(Name).Cancel();
}
