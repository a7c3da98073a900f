using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>Two silo processes on a real PostgreSQL plus a client: the cluster as it runs in production, on one machine.</summary>
[Collection(PostgresCollection.Name), Trait(Tier.Name, Tier.Integration)]
public sealed class TwoSiloClusterTests(PostgresServer postgres) : IDisposable
{
    static readonly TimeSpan Timeout = TwoSiloCluster.Timeout;
    readonly string _artifacts = Directory.CreateTempSubdirectory("zsweep-cluster-").FullName;

    public void Dispose() => Directory.Delete(_artifacts, recursive: true);

    Task<(SiloProcess A, SiloProcess B, ClusterClient Client, string ConnectionString)> StartClusterAsync() =>
        TwoSiloCluster.StartAsync(postgres, _artifacts);

    [Fact]
    public async Task TwoByTwoSweep_CompletesAcrossTwoSiloProcesses_WithStateInPostgres()
    {
        var (a, b, client, connectionString) = await StartClusterAsync();
        await using var _a = a;
        await using var _b = b;
        await using var _client = client;
        var definition = SweepBuilder.TwoByTwo("grid", steps: 12, concurrency: 2);

        await client.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        var done = await Eventually.Until(() => client.Grains.GetGrain<ISweepGrain>(definition.Name).GetSnapshot(),
            s => s.IsFinished, Timeout, "the sweep to finish");

        Assert.All(done.Arms, arm => Assert.Equal(ExperimentStatus.Completed, arm.Status));
        string workerLogs = string.Concat(done.Arms.Select(arm =>
            File.ReadAllText(Path.Combine(_artifacts, "sweeps", definition.Name, arm.ArmId, "logs", "worker.log"))));
        Assert.Contains("slot silo-a/0", workerLogs);
        Assert.Contains("slot silo-b/0", workerLogs);
        Assert.Equal(4L, await TwoSiloCluster.ExperimentStatesStored(connectionString));
    }

    [Fact]
    public async Task KillingTheSiloOfARunningTrainer_ResumesOnTheOtherSiloFromTheLastCheckpoint()
    {
        var (a, b, client, _) = await StartClusterAsync();
        await using var _a = a;
        await using var _b = b;
        await using var _client = client;
        const int steps = 60;
        // The first worker holds at step 10 (checkpoint at 8), so the kill lands mid-run however slow the machine is;
        // the worker resumed on the other silo trains on to the end.
        var definition = SweepBuilder.Single("crash", steps, meta: ", fake_hold_at_step: \"10\"");
        string armId = definition.Arms[0].Id;
        var experiment = client.Grains.GetGrain<IExperimentGrain>(ExperimentKeys.For(definition.Name, armId));

        await client.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        var (running, victim) = await TwoSiloCluster.KillTrainingSiloAsync(experiment, checkpointStep: 8, a, b, Timeout);
        var done = await Eventually.Until(experiment.GetSnapshot, s => s.Status == ExperimentStatus.Completed, Timeout, "completion on the surviving silo");

        Assert.Equal(steps, done.Metrics.Step);
        Assert.True(done.Recoveries >= 1);
        string folder = Artifacts.ArmFolder(_artifacts, definition.Name, armId);
        long[] trained = Artifacts.TrainedSteps(folder);
        // Nothing lost: every step was trained. Nothing counted twice: only steps after the checkpoint the new worker
        // resumed from were trained again, once.
        Assert.Equal(Enumerable.Range(1, steps).Select(i => (long)i), trained.Distinct().Order());
        long resumedFrom = trained.Zip(trained.Skip(1)).First(p => p.Second <= p.First).Second - 1;
        Assert.True(resumedFrom >= running.LastCheckpoint!.Step);
        Assert.Equal(0, resumedFrom % 4);
        foreach (var g in trained.GroupBy(s => s))
            Assert.True(g.Count() == 1 || (g.Count() == 2 && g.Key > resumedFrom), $"step {g.Key} trained {g.Count()} times");
        string log = File.ReadAllText(Path.Combine(folder, "logs", "worker.log"));
        string survivor = victim == a ? "silo-b" : "silo-a";
        Assert.Contains($"slot {survivor}/0", log);
        Assert.Contains($"resume from {Path.Combine(folder, armId + "_" + resumedFrom.ToString("D9") + ".safetensors")}", log);
    }
}
