using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Tests.Trainers;
using ZImageSweep.Sweeps;
using ZImageSweep.Sweeps.Search;

namespace ZImageSweep.Grains.Tests.Sweeps;

/// <summary>
/// A tiny <c>method: tpe</c> sweep on the stand-in worker, whose silo is stopped after the search's second proposal and
/// started again on the same SQLite state and artifact folder: the search carries on where it was.
/// </summary>
[Trait(Tier.Name, Tier.Cluster)]
public sealed class TpeSearchRestartTests : IDisposable
{
    const int ArmProposed = 1601;
    const int Count = 4;
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("zsweep-tpe-");

    [Fact]
    public async Task SearchSurvivesASiloRestart_ContinuingTheSameProposalsUpToItsCount()
    {
        var definition = SweepExpander.Expand(SweepSpecParser.Parse(Spec($"tpe-{Guid.NewGuid():N}"), "spec.yaml", Path.GetTempPath()));
        Assert.Empty(definition.Arms);

        SweepDefinition beforeRestart;
        var firstLog = new SiloEventLog();
        await using (var first = await StartSiloAsync(firstLog))
        {
            await first.Client.GetGrain<ISweepGrain>(definition.Name).Create(definition);
            await firstLog.WaitForAsync(e => e.Count(x => x.Id == ArmProposed) == 2, Timeout, "the search's second proposal");
            beforeRestart = await first.Client.GetGrain<ISweepGrain>(definition.Name).GetDefinition();
        }

        var secondLog = new SiloEventLog();
        await using var second = await StartSiloAsync(secondLog);
        var sweep = second.Client.GetGrain<ISweepGrain>(definition.Name);
        // What ResumeUnfinishedExperiments does at an embedded silo's start (its reminders lived in memory).
        await sweep.Recover();
        // The last arm's value is read just after it finishes.
        var done = await Eventually.Until(sweep.GetSnapshot, s => s.IsFinished && s.Search!.Observations.Length == Count, Timeout,
            "the search to finish after the restart, with every arm observed");
        var after = await sweep.GetDefinition();

        Assert.Equal(2, beforeRestart.Arms.Length);
        Assert.Equal(beforeRestart.Arms.Select(a => a.Id), after.Arms.Take(2).Select(a => a.Id));
        Assert.Equal(Count, after.Arms.Length);
        Assert.Equal(Count, after.Arms.Select(a => a.Id).Distinct().Count());
        Assert.All(done.Arms, a => Assert.Equal(ExperimentStatus.Completed, a.Status));
        // The restarted silo proposed only the missing ones, as proposals 3 and 4.
        Assert.Equal(["3", "4"], secondLog.Events.Where(e => e.Id == ArmProposed).Select(e => e.Text("Proposal")));
        // Every arm is the proposal the search makes from the arms before it and the values observed by then (with
        // one arm at a time, the earlier arms' values in order): the restart changed nothing in the sequence.
        var search = TpeSearch.Read(after.Search!, after.Name);
        var observations = done.Search!.Observations;
        Assert.Equal(Count, observations.Length);
        for (int i = 0; i < Count; i++)
            Assert.Equal(after.Arms[i].Id, search.Propose(after.Arms[..i], observations[..i]).Id);
    }

    /// <summary>
    /// Rank (categorical) × lr (log range, continuous); the stand-in's validation loss grows with the rank. It writes
    /// samples too, so the comparison builds grids (asking the sweep for a snapshot) while arms finish.
    /// </summary>
    static string Spec(string name) => $$"""
        name: {{name}}
        method: tpe
        count: {{Count}}
        concurrency: 1
        seed: 11
        base:
          config:
            name: tiny
            process:
              - model: { name_or_path: Tongyi-MAI/Z-Image-Turbo }
                datasets: [ { folder_path: /data/images } ]
                train: { steps: 8 }
                save: { save_every: 4 }
          meta: { fake_step_ms: "20", fake_validation_items: "4", fake_sample_every: "4" }
        axes:
          - { name: rank, key: network.linear, values: [4, 8, 16] }
          - { name: lr, key: train.lr, range: { from: 1e-5, to: 1e-3, scale: log } }
        """;

    async Task<InProcessTestCluster> StartSiloAsync(SiloEventLog log)
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        // Grain state is stored per service id; the restarted silo must be the same service to find it.
        builder.Options.ServiceId = _root.Name;
        builder.ConfigureSilo((_, silo) =>
        {
            TestSilo.Configure(silo, Path.Combine(_root.FullName, "artifacts"), Path.Combine(_root.FullName, "state.db"), cpuSlots: 1, TimeSpan.FromSeconds(1));
            silo.Services.AddSingleton<ILoggerProvider>(log);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public void Dispose() => _root.Delete(recursive: true);
}
