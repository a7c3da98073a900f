using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Grains.Experiments;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// One in-process silo with one CPU slot running the stand-in worker, whose experiments are
/// <see cref="RecordingExperimentGrain"/>s: a test hands runs to the slot's trainer directly, as many at once as their
/// assignments allow, and reads what each experiment heard.
/// </summary>
internal sealed class SlotWorkerCluster : IAsyncDisposable
{
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("zsweep-slot-worker-");
    InProcessTestCluster _cluster = null!;

    public ExperimentReports Reports { get; } = new();
    public ArtifactLayout Layout => new(Path.Combine(_root.FullName, "artifacts"));
    public ITrainerGrain Trainer { get; private set; } = null!;
    public string SiloName { get; private set; } = "";

    public static async Task<SlotWorkerCluster> StartAsync()
    {
        var cluster = new SlotWorkerCluster();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) =>
        {
            TestSilo.Configure(silo, cluster.Layout.Root, Path.Combine(cluster._root.FullName, "state.db"), cpuSlots: 1, TimeSpan.FromMinutes(10));
            silo.Services.AddSingleton(cluster.Reports);
            silo.Services.PostConfigure<GrainTypeOptions>(o =>
            {
                o.Classes.Remove(typeof(ExperimentGrain));
                o.Classes.Add(typeof(RecordingExperimentGrain));
            });
        });
        cluster._cluster = builder.Build();
        await cluster._cluster.DeployAsync();
        cluster.SiloName = cluster._cluster.Silos[0].Name;
        cluster.Trainer = cluster._cluster.Client.GetGrain<ITrainerGrain>(GpuSlots.Key(cluster.SiloName, 0));
        return cluster;
    }

    /// <summary>A run of a one-arm sweep of its own (the stand-in's <paramref name="meta"/> wishes), up to two per slot, all of one base.</summary>
    public TrainerAssignment Arm(string name, int steps, string meta = "", int maxArms = 2)
    {
        var arm = SweepBuilder.Single(name, steps, meta).Arms[0];
        return new TrainerAssignment(ExperimentKeys.For(name, arm.Id), Guid.NewGuid(), arm.JobYaml, ResumeFrom: null, maxArms, PackKey: "Tongyi-MAI/Z-Image-Turbo");
    }

    public string ArmFolder(TrainerAssignment assignment)
    {
        var (sweep, arm) = ExperimentKeys.Parse(assignment.ExperimentKey);
        return Layout.Arm(sweep, arm).Folder;
    }

    public string[] WorkerLog(TrainerAssignment assignment)
    {
        var (sweep, arm) = ExperimentKeys.Parse(assignment.ExperimentKey);
        string path = Layout.WorkerLogPath(sweep, arm);
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    /// <summary>The arm's worker log once the host has written its run's last line (<c>--- worker … done with run …</c>).</summary>
    public Task<string[]> RunEndedAsync(TrainerAssignment assignment) =>
        Eventually.Until(() => Task.FromResult(WorkerLog(assignment)), lines => lines.Any(l => l.Contains($" done with run {assignment.RunId}")),
            TimeSpan.FromMinutes(2), $"the end of run {assignment.RunId} in its worker log");

    public string[] SlotLog => File.ReadAllLines(Layout.SlotLogPath(SiloName, 0));

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _root.Delete(recursive: true);
    }
}
