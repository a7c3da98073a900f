using Microsoft.Extensions.DependencyInjection;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Telemetry;

namespace ZImageSweep.Grains.Tests.Telemetry;

/// <summary>The <c>ZImageSweep</c> instruments as a listener sees them: names, labels and values.</summary>
[Collection(ClusterCollection.Name), Trait(Tier.Name, Tier.Cluster)]
public sealed class SweepMetricsTests(SweepClusterFixture fixture)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    const string BatchOf2Times3 = """
        job: extension
        config:
          name: tiny
          process:
            - model: { name_or_path: Tongyi-MAI/Z-Image-Turbo }
              datasets: [ { folder_path: /data/images } ]
              train: { steps: 10, batch_size: 2, gradient_accumulation: 3 }
        """;

    [Fact]
    public void Worker_reports_become_labelled_training_series_that_end_with_the_worker()
    {
        var silo = fixture.Cluster.Silos[0].ServiceProvider;
        var metrics = silo.GetRequiredService<SweepMetrics>();
        string siloName = silo.GetRequiredService<ILocalSiloDetails>().Name;
        string sweep = $"known-{Guid.NewGuid():N}";
        var assignment = new TrainerAssignment(ExperimentKeys.For(sweep, "arm1"), Guid.NewGuid(), BatchOf2Times3, null);
        using var capture = new MeterCapture();

        metrics.Record(assignment, new WorkerReport(WorkerReportKind.Started, 0) { TotalSteps = 10 });
        metrics.Record(assignment, new WorkerReport(WorkerReportKind.Step, 1) { Loss = 0.5, Lr = 1e-4, StepSeconds = 0.2 });
        metrics.Record(assignment, new WorkerReport(WorkerReportKind.Step, 2) { Loss = 0.25, Lr = 2e-4, StepSeconds = 0.3 });
        metrics.Record(assignment, new WorkerReport(WorkerReportKind.Checkpoint, 2) { SaveSeconds = 1.5 });

        var recorded = capture.Recorded.Where(m => m.Label("sweep") == sweep).ToList();
        Assert.All(recorded, m => Assert.Equal(["arm", "silo", "sweep"], m.Labels.Keys.Order()));
        Assert.All(recorded, m => Assert.Equal((siloName, "arm1"), (m.Label("silo"), m.Label("arm"))));
        Assert.Equal(2, Sum(recorded, "zimagesweep.train.steps"));
        Assert.Equal(12, Sum(recorded, "zimagesweep.train.images"));
        Assert.Equal([0.2, 0.3], Values(recorded, "zimagesweep.train.step.duration"));
        Assert.Equal([1.5], Values(recorded, "zimagesweep.checkpoint.save.duration"));

        var observed = capture.Observe().Where(m => m.Label("sweep") == sweep).ToList();
        Assert.Equal([0.25], Values(observed, "zimagesweep.train.loss"));
        Assert.Equal([2e-4], Values(observed, "zimagesweep.train.learning_rate"));
        Assert.Equal([2], Values(observed, "zimagesweep.train.step"));

        metrics.Forget(assignment.ExperimentKey);
        Assert.DoesNotContain(capture.Observe(), m => m.Label("sweep") == sweep);
    }

    [Fact]
    public async Task A_cpu_slot_reports_its_workers_memory_and_cpu_share_labelled_with_the_arm()
    {
        // Held at step 5, so the worker is still alive for the slot reading however long the reading takes.
        var definition = SweepBuilder.Single($"slot-{Guid.NewGuid():N}", steps: 2000, meta: ", fake_hold_at_step: \"5\"");
        string armId = definition.Arms[0].Id;
        var experiment = fixture.Grains.GetGrain<IExperimentGrain>(ExperimentKeys.For(definition.Name, armId));
        using var capture = new MeterCapture();
        await fixture.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        try
        {
            await Eventually.Until(experiment.GetSnapshot, s => s.Metrics.Step == 5, Timeout, "the worker to train 5 steps");

            // The probe shares one reading per second among all collections of the silo (other tests' sweeps use the
            // same slots), so the first reading may predate this arm's worker. Arm ids repeat across sweeps of one
            // shape, and other test classes' silos run in this process: the sweep tells this arm's series apart.
            var slot = await Eventually.Until(() => Task.FromResult(capture.Observe().Where(m => m.Label("arm") == armId && m.Label("sweep") == definition.Name).ToList()),
                s => s.Any(m => m.Instrument == "zimagesweep.slot.memory.used"), Timeout, "the slot reading of this arm's worker");
            var memory = Assert.Single(slot, m => m.Instrument == "zimagesweep.slot.memory.used");
            var utilization = Assert.Single(slot, m => m.Instrument == "zimagesweep.slot.utilization.ratio");
            Assert.Equal("cpu", memory.Label("device"));
            Assert.Equal(definition.Name, memory.Label("sweep"));
            Assert.Equal("0", memory.Label("slot"));
            // A running .NET worker process has tens of megabytes resident.
            Assert.InRange(memory.Value, 10e6, 10e9);
            Assert.InRange(utilization.Value, 0, 1);

            // The census counts the arm on its slot: alone there (a CPU slot packs nothing under packing: auto).
            var (siloName, gpu) = GpuSlots.Parse((await experiment.GetSnapshot()).Slot!);
            var arms = await Eventually.Until(() => Task.FromResult(capture.Observe()
                    .Where(m => m.Instrument == "zimagesweep.slot.leases" && m.Label("silo") == siloName && m.Label("slot") == gpu.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList()),
                s => s.Count > 0, Timeout, "the census to count the arm's slot");
            Assert.Equal(1, Assert.Single(arms).Value);
        }
        finally
        {
            await experiment.Cancel();
        }
    }

    [Fact]
    public async Task Experiments_by_state_are_reported_by_exactly_one_silo_from_durable_state()
    {
        var definition = SweepBuilder.TwoByTwo($"census-{Guid.NewGuid():N}", steps: 8);
        await fixture.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        await Eventually.Until(() => fixture.Grains.GetGrain<ISweepGrain>(definition.Name).GetSnapshot(), s => s.IsFinished, Timeout, "the sweep to finish");
        using var capture = new MeterCapture();

        // The census is taken in the background on a collection and reported from a later one, and other tests'
        // collections in this process may have taken one while this sweep still ran: wait for a census taken after it
        // finished (a stale one counted its arms as running and none completed).
        var counts = await Eventually.Until(() => Task.FromResult(capture.Observe()
                .Where(m => m.Instrument == "zimagesweep.experiments" && m.Label("sweep") == definition.Name).ToList()),
            c => c.Any(m => m.Label("state") == nameof(ExperimentStatus.Completed) && m.Value > 0), Timeout, "a census that counts the finished sweep");

        Assert.Single(counts.Select(m => m.Meter).Distinct());
        Assert.Equal(Enum.GetNames<ExperimentStatus>().Order(), counts.Select(m => m.Label("state")).Order());
        Assert.Equal(4, counts.Single(m => m.Label("state") == nameof(ExperimentStatus.Completed)).Value);
        Assert.Equal(4, counts.Sum(m => m.Value));
        var info = capture.Observe().Where(m => m.Instrument == "zimagesweep.arm.info" && m.Label("sweep") == definition.Name).ToList();
        Assert.Equal(definition.Arms.Select(a => (a.Id, a.Label)).Order(), info.Select(m => (m.Label("arm"), m.Label("label"))).Order());
    }

    static double Sum(IEnumerable<CapturedMeasurement> measurements, string instrument) =>
        measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    static double[] Values(IEnumerable<CapturedMeasurement> measurements, string instrument) =>
        [.. measurements.Where(m => m.Instrument == instrument).Select(m => m.Value)];
}
