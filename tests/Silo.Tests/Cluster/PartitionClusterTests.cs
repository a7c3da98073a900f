using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Workers;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Worker;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>
/// Failover across hosts (docs/platform.md#the-partition-test): three silos in network namespaces of their own, on
/// distinct addresses behind a bridge, PostgreSQL on the bridge's host address, training one arm of a tiny real sweep.
/// The silo whose worker trains the arm is SIGKILLed, or cut off by taking its link down while its process and worker
/// run on. Each run prints how long membership took to declare it dead, how long until the arm's first step on a
/// surviving silo, and how many steps were redone; and it asserts one owner at a time (fencing): every checkpoint step
/// committed once, each record naming the run that owned the arm then, and a final LoRA equal to an uninterrupted
/// run's (exact resume).
/// </summary>
[Trait(Tier.Name, Tier.Cluster)]
public sealed partial class PartitionClusterTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// 60 steps with a checkpoint every 2 (each one a commit the experiment confirms in PostgreSQL before the worker
    /// renames it into place): a real run long enough to interrupt at step 6 with most of it still to train.
    /// </summary>
    const int Steps = 60, SaveEvery = 2, InterruptAfterCheckpoint = 6;

    /// <summary>
    /// Membership as SiloProcess configures it: ProbeTimeout 3 s, NumMissedProbesLimit 3, NumVotesForDeathDeclaration 1.
    /// A prober sends a probe every 3 s; the third miss in a row declares the silo dead. A killed silo's port refuses
    /// at once, so its misses come 3 s apart: 3 × 3 s = 9 s after the first unanswered probe, which left at most one
    /// period (3 s) after the kill: about 12 s. A cut link makes every probe wait out its full timeout, and with three
    /// silos Orleans may first probe indirectly through another silo before it counts a miss: up to two timeouts per
    /// miss, 3 × 6 s + 3 s = 21 s. The bound is that worst case with room for a loaded 2-core CI machine (late probes,
    /// GC pauses; a link-down run beside other builds measured 38 s): 60 s.
    /// </summary>
    static readonly TimeSpan DeclaredDeadWithin = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After the death a survivor's reminder service owns the arm's watchdog (period 2 s, SiloProcess): one tick finds the
    /// trainer gone and queues the arm, the next leases a survivor's slot and starts a worker, which starts .NET, loads
    /// libtorch and the tiny model, resumes and trains one step. Two ticks (4 s) and a worker start (about 10 s on an idle
    /// machine), again with room for a loaded one: 60 s.
    /// </summary>
    static readonly TimeSpan FirstStepAfterDeathWithin = TimeSpan.FromSeconds(60);

    /// <summary>A bound on a hang, not on speed (the whole real run, across a failover, beside other builds).</summary>
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    const int DeadStatus = 6; // Orleans' SiloStatus.Dead in OrleansMembershipTable.Status

    readonly string _root = Directory.CreateTempSubdirectory("zsweep-partition-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public Task KillNineOfTheTrainingSilo_ResumesOnASurvivor_WithOneOwnerPerCheckpoint() => InterruptAsync(cutLink: false);

    [Fact]
    public Task LinkDownOfTheTrainingSilo_FencesItsRunningWorker_AndResumesOnASurvivor() => InterruptAsync(cutLink: true);

    async Task InterruptAsync(bool cutLink)
    {
        if (NamespaceNetwork.Unavailable() is { } why) Assert.Skip(why);
        string scenario = cutLink ? "link down" : "kill -9";
        var definition = RealEngineInputs.Sweep(cutLink ? "partition-cut" : "partition-kill", RealEngineInputs.Prepare(_root, Steps, SaveEvery),
            "  - { name: rank, key: network.linear, values: [4] }");
        string armId = definition.Arms[0].Id;
        var layout = new ArtifactLayout(Path.Combine(_root, "artifacts"));
        string workerLog = layout.WorkerLogPath(definition.Name, armId);

        using var network = NamespaceNetwork.Create(hosts: 3);
        await using var postgres = PostgresServer.On(network.HostAddress, network.Cidr);
        await postgres.InitializeAsync();
        string connectionString = await postgres.CreateDatabaseAsync();
        PostgresSchema.Apply(connectionString);
        var silos = Enumerable.Range(0, 3)
            .Select(i => new SiloProcess($"silo-{i}", connectionString, layout.Root, RealEngineInputs.Worker(), (network.NamespaceOf(i), network.AddressOf(i))))
            .ToList();
        try
        {
            await using var client = await TwoSiloCluster.ConnectWhenActiveAsync(silos, connectionString);
            var experiment = client.Grains.GetGrain<IExperimentGrain>(ExperimentKeys.For(definition.Name, armId));
            // Creating is idempotent: a first call into a cold cluster on a loaded machine may time out, so it is repeated.
            await Eventually.Until(() => client.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition), _ => true, Timeout, "the sweep to be created");
            var before = await Eventually.Until(experiment.GetSnapshot, s => s.LastCheckpoint?.Step >= InterruptAfterCheckpoint, Timeout,
                $"a checkpoint at step {InterruptAfterCheckpoint}");
            var victim = silos.Single(s => before.Slot!.StartsWith($"{s.Name}/", StringComparison.Ordinal));
            int victimIndex = silos.IndexOf(victim);

            var clock = Stopwatch.StartNew();
            if (cutLink) network.CutLink(victimIndex);
            else victim.Kill();
            var declaredDead = WhenDeclaredDeadAsync(connectionString, victim.Name, clock);
            var firstStep = WhenFirstStepElsewhereAsync(experiment, workerLog, victim.Name, clock);
            await Task.WhenAll(declaredDead, firstStep);
            var done = await Eventually.Until(experiment.GetSnapshot, s => s.Status == ExperimentStatus.Completed, Timeout, "completion on a survivor");

            var runs = WorkerRuns(ReadShared(workerLog));
            var (firstStepAt, resumedFrom, elsewhere) = await firstStep;
            var deadAt = await declaredDead;
            Guid first = runs[0].Run, surviving = runs.Last(r => !r.Slot.StartsWith($"{victim.Name}/", StringComparison.Ordinal)).Run;
            long redone = before.Metrics.Step - resumedFrom;
            string orphan = cutLink ? await OrphanExitAsync(workerLog, runs[0].Pid) : "died with its silo";
            output.WriteLine($"{scenario} of {victim.Name} (it had reported step {before.Metrics.Step}, checkpoint {before.LastCheckpoint!.Step}): " +
                $"declared dead after {deadAt.TotalSeconds:F1} s; first step on {elsewhere} after {firstStepAt.TotalSeconds:F1} s, " +
                $"resumed from step {resumedFrom}; steps redone {redone}; the cut-off run's worker: {orphan}");

            Assert.Equal(ExperimentStatus.Completed, done.Status);
            Assert.True(deadAt <= DeclaredDeadWithin, $"declared dead after {deadAt.TotalSeconds:F1} s, bound {DeclaredDeadWithin.TotalSeconds} s");
            Assert.True(firstStepAt - deadAt <= FirstStepAfterDeathWithin,
                $"first step {(firstStepAt - deadAt).TotalSeconds:F1} s after the death, bound {FirstStepAfterDeathWithin.TotalSeconds} s");
            // Nothing committed is lost, and at most the steps since the last checkpoint are trained again.
            Assert.True(resumedFrom >= before.LastCheckpoint.Step, $"resumed from {resumedFrom}, before the recorded checkpoint {before.LastCheckpoint.Step}");
            Assert.InRange(redone, -SaveEvery, SaveEvery); // negative: the victim committed more between our look and the interruption
            AssertOneOwnerPerCheckpoint(layout.Arm(definition.Name, armId), resumedFrom, first, surviving);
            AssertSameLoraAsUninterruptedRun(layout, definition.Name, armId);
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    /// <summary>Every checkpoint step is committed once: up to the resume point by the first run, after it by the survivor's.</summary>
    static void AssertOneOwnerPerCheckpoint(TrainingOutput arm, long resumedFrom, Guid first, Guid surviving)
    {
        var committed = Directory.GetFiles(arm.StateFolder, arm.RecordFilePattern).Select(p => (long)arm.RecordStepOf(p)!.Value).Order();
        Assert.Equal(Enumerable.Range(1, Steps / SaveEvery).Select(i => (long)i * SaveEvery), committed);
        for (long step = SaveEvery; step <= Steps; step += SaveEvery)
        {
            using var record = JsonDocument.Parse(File.ReadAllText(arm.RecordPath(step)));
            Guid run = Guid.Parse(record.RootElement.GetProperty("run").GetString()!);
            Assert.True(run == (step <= resumedFrom ? first : surviving), $"checkpoint {step} was committed by run {run}; first run {first}, surviving run {surviving}");
        }
    }

    /// <summary>The arm's job trained again here without interruption gives the same LoRA tensors (exact resume).</summary>
    void AssertSameLoraAsUninterruptedRun(ArtifactLayout layout, string sweep, string armId)
    {
        var job = JobDocument.Load(layout.JobPath(sweep, armId));
        job.Set(ManagedJobKeys.TrainingFolder, YamlScalars.Text(Path.Combine(_root, "uninterrupted")));
        string reference = TrainingJob.Run(job.Bind(), new WorkerTrainingObserver("uninterrupted", new WorkerOutput(TextWriter.Null, TextWriter.Null)), new TrainingControl())!;
        using var expected = SafeTensorsFile.Open(reference);
        using var actual = SafeTensorsFile.Open(layout.Arm(sweep, armId).FinalLoraPath);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (string key in expected.Keys)
            Assert.True(expected.Read(key).eq(actual.Read(key)).all().item<bool>(), $"{key} differs from the uninterrupted run's");
    }

    static async Task<TimeSpan> WhenDeclaredDeadAsync(string connectionString, string silo, Stopwatch clock)
    {
        await Eventually.Until(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM OrleansMembershipTable WHERE SiloName = @silo AND Status = @dead", connection);
            command.Parameters.AddWithValue("silo", silo);
            command.Parameters.AddWithValue("dead", DeadStatus);
            return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }, n => n > 0, Timeout, $"{silo} to be declared dead");
        return clock.Elapsed;
    }

    /// <summary>
    /// When a worker on another silo has trained its first step: its run's header in the worker log, its resume line,
    /// and the experiment at a later step on that slot. Each look at the experiment gives up after a second, so a call
    /// stuck on the cut-off silo does not hold the measurement.
    /// </summary>
    static async Task<(TimeSpan At, long ResumedFrom, string Slot)> WhenFirstStepElsewhereAsync(IExperimentGrain experiment, string workerLog, string victim, Stopwatch clock)
    {
        var (resumedFrom, slot) = await Eventually.Until(async () =>
        {
            string log = ReadShared(workerLog);
            var header = WorkerRuns(log).LastOrDefault(r => !r.Slot.StartsWith($"{victim}/", StringComparison.Ordinal));
            if (header is null) return (-1L, "");
            var resume = ResumeLine().Match(log, header.At);
            if (!resume.Success) return (-1L, "");
            var s = await experiment.GetSnapshot().WaitAsync(TimeSpan.FromSeconds(1));
            long step = long.Parse(resume.Groups[1].Value);
            return s.Slot == header.Slot && s.Metrics.Step > step ? (step, header.Slot) : (-1L, "");
        }, r => r.Item1 >= 0, Timeout, "the arm's first step on a surviving silo");
        return (clock.Elapsed, resumedFrom, slot);
    }

    /// <summary>How the cut-off silo's worker ended, from the line its (still running) silo logs for the exit.</summary>
    static async Task<string> OrphanExitAsync(string workerLog, int pid)
    {
        var end = await Eventually.Until(() => Task.FromResult(new Regex($@"--- worker {pid} (exited with code -?\d+|done with run \S+: fenced)").Match(ReadShared(workerLog))),
            m => m.Success, Timeout, $"the cut-off worker {pid} to stop");
        return end.Groups[1].Value.EndsWith("fenced", StringComparison.Ordinal)
            ? "left the run (commit refused, fenced)"
            : $"{end.Groups[1].Value} (killed: its silo lost the cluster)";
    }

    sealed record WorkerRunHeader(int At, int Pid, string Slot, Guid Run);

    static List<WorkerRunHeader> WorkerRuns(string log) =>
        [.. HeaderLine().Matches(log).Select(m => new WorkerRunHeader(m.Index, int.Parse(m.Groups[1].Value), m.Groups[2].Value, Guid.Parse(m.Groups[3].Value)))];

    /// <summary>The worker log while its silo still appends to it.</summary>
    static string ReadShared(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"--- \S+ worker (\d+) on slot ([^,]+), run ([0-9a-f-]+), resume from")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"resuming from step (\d+)")]
    private static partial Regex ResumeLine();
}
