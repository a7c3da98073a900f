using System.Text.RegularExpressions;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.TinyModels;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>
/// The acceptance runs of the sweep on a real PostgreSQL with the real engine: two silo processes whose workers are
/// <c>zsweep worker</c> (the CLI built with the solution) training a tiny Z-Image model from its folder.
/// </summary>
[Collection(PostgresCollection.Name), Trait(Tier.Name, Tier.Integration)]
public sealed partial class RealEngineClusterTests(PostgresServer postgres) : IDisposable
{
    /// <summary>A bound on a hang, not on speed: each wait is for a few real CPU steps or for a failover.</summary>
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    readonly string _root = Directory.CreateTempSubdirectory("zsweep-real-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string Artifacts => Path.Combine(_root, "artifacts");

    [Fact]
    public async Task TwoByTwoSweep_OfTheRealEngine_CompletesAcrossTwoSilos()
    {
        string baseJob = RealEngineInputs.Prepare(_root, steps: 8, saveEvery: 4);
        string adapters = Path.Combine(_root, "model", TinyModelWriter.AdapterFolder);
        var definition = RealEngineInputs.Sweep("real-grid", baseJob, $"""
              - name: adapter
                key: model.assistant_lora_path
                values: ['{Path.Combine(adapters, TinyModelWriter.AdapterFileName("v1"))}', '{Path.Combine(adapters, TinyModelWriter.AdapterFileName("v2"))}']
                labels: [v1, v2]
              - {"{"} name: rank, key: network.linear, values: [4, 8] {"}"}
            """);
        var (a, b, client, connectionString) = await TwoSiloCluster.StartAsync(postgres, Artifacts, RealEngineInputs.Worker());
        await using var _a = a;
        await using var _b = b;
        await using var _client = client;

        await client.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        var done = await Eventually.Until(() => client.Grains.GetGrain<ISweepGrain>(definition.Name).GetSnapshot(),
            s => s.IsFinished, Timeout, "the sweep to finish");

        Assert.All(done.Arms, arm => Assert.Equal(ExperimentStatus.Completed, arm.Status));
        string logs = "";
        foreach (var arm in definition.Arms)
        {
            string folder = Path.Combine(Artifacts, "sweeps", definition.Name, arm.Id);
            logs += File.ReadAllText(Path.Combine(folder, "logs", "worker.log"));
            using var lora = SafeTensorsFile.Open(Path.Combine(folder, $"{arm.Id}.safetensors"));
            long rank = arm.Label.Contains("rank=8") ? 8 : 4;
            Assert.Equal(rank, lora.Entry("diffusion_model.layers.0.attention.to_q.lora_A.weight").Shape[0]);
        }
        Assert.Contains("slot silo-a/0", logs);
        Assert.Contains("slot silo-b/0", logs);
        Assert.Equal(4L, await TwoSiloCluster.ExperimentStatesStored(connectionString));
    }

    [Fact]
    public async Task KillingTheSiloOfARealTrainer_ResumesOnTheOtherSiloFromItsLastCheckpoint()
    {
        // The arm cannot finish during the test (it is paused long before): what is checked is the failover and the
        // resume, and the time the test takes does not depend on how fast this machine trains.
        const int steps = 100_000, saveEvery = 10, killAfter = 20;
        var definition = RealEngineInputs.Sweep("real-crash", RealEngineInputs.Prepare(_root, steps, saveEvery), "  - { name: rank, key: network.linear, values: [4] }");
        string armId = definition.Arms[0].Id;
        var (a, b, client, _) = await TwoSiloCluster.StartAsync(postgres, Artifacts, RealEngineInputs.Worker());
        await using var _a = a;
        await using var _b = b;
        await using var _client = client;
        var sweep = client.Grains.GetGrain<ISweepGrain>(definition.Name);
        var experiment = client.Grains.GetGrain<IExperimentGrain>(ExperimentKeys.For(definition.Name, armId));

        await sweep.Create(definition);
        var (running, victim) = await TwoSiloCluster.KillTrainingSiloAsync(experiment, killAfter, a, b, Timeout);
        // A checkpoint two saves past the recorded one can only come from the replacement worker on the other silo.
        long later = running.LastCheckpoint!.Step + 2 * saveEvery;
        await Eventually.Until(experiment.GetSnapshot, s => s.LastCheckpoint?.Step >= later, Timeout, $"a checkpoint at step {later} on the surviving silo");
        await sweep.Pause();
        string folder = Path.Combine(Artifacts, "sweeps", definition.Name, armId);
        string logPath = Path.Combine(folder, "logs", "worker.log");
        // The arm reads Paused as soon as it is asked to stop; its worker then saves once more. The host writes the
        // run's end line only after relaying that last checkpoint, so from then on the files and the snapshot agree.
        string log = await Eventually.Until(() => Task.FromResult(File.ReadAllText(logPath)), l => l.Contains(": stopped", StringComparison.Ordinal), Timeout, "the paused worker's end");
        var paused = await Eventually.Until(experiment.GetSnapshot, s => s.Status == ExperimentStatus.Paused, Timeout, "the paused arm");

        Assert.True(paused.Recoveries >= 1);
        Assert.Contains($"slot {(victim == a ? "silo-b" : "silo-a")}/0", log);
        // The replacement worker resumed from a complete checkpoint no older than the one the experiment had recorded:
        // at most save_every steps were redone and none were lost.
        int resumedFrom = int.Parse(ResumeLine().Match(log).Groups[1].Value);
        Assert.True(resumedFrom >= running.LastCheckpoint.Step, $"resumed from {resumedFrom}, before the recorded checkpoint {running.LastCheckpoint.Step}");
        Assert.Equal(0, resumedFrom % saveEvery);
        // Every save_every checkpoint up to the pause, and the one the pause saved.
        long pausedAt = paused.LastCheckpoint!.Step;
        var checkpoints = Directory.GetFiles(folder, $"{armId}_*.safetensors").Select(p => long.Parse(Path.GetFileNameWithoutExtension(p)[(armId.Length + 1)..])).Order().ToList();
        Assert.Equal(Enumerable.Range(1, (int)(pausedAt / saveEvery)).Select(i => (long)i * saveEvery).Append(pausedAt).Distinct(), checkpoints);
    }

    [GeneratedRegex(@"resuming from step (\d+)")]
    private static partial Regex ResumeLine();
}
