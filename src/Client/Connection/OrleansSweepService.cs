using System.Collections.Immutable;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Connection;

/// <summary>The sweeps of a home or cluster, through the grains of a <see cref="SweepConnection"/> (which it owns).</summary>
/// <param name="trainsElsewhere">Who trains the home's sweeps when another process owns it.</param>
public sealed class OrleansSweepService(SweepConnection connection, string? trainsElsewhere = null) : ISweepService
{
    public SweepConnection Connection => connection;

    IGrainFactory Grains => connection.Grains;

    public ArtifactPaths Paths => connection.Paths;

    public bool HostsTraining => connection.HostsTraining;

    public TimeSpan? HostedWorkerStopTimeout => connection.HostedWorkerStopTimeout;

    public string? TrainsElsewhere => trainsElsewhere;

    public Task<SweepSummary[]> ListAsync(CancellationToken cancellationToken) => Answered(() => SweepViews.List(Grains));

    public Task<SweepView> GetAsync(string sweep, CancellationToken cancellationToken) => Answered(() => SweepViews.Get(Grains, sweep));

    public Task<SweepView> CreateAsync(SweepSubmission submission, CancellationToken cancellationToken) =>
        Act(submission.Definition.Name, g => g.Create(submission.Definition));

    public Task<SweepView> PauseAsync(string sweep, CancellationToken cancellationToken) => Act(sweep, g => g.Pause());

    public Task<SweepView> ResumeAsync(string sweep, CancellationToken cancellationToken) => Act(sweep, g => g.Resume());

    public Task<SweepView> CancelAsync(string sweep, CancellationToken cancellationToken) => Act(sweep, g => g.Cancel());

    public Task<SweepView> RetryAsync(string sweep, ImmutableArray<string> arms, CancellationToken cancellationToken) => Act(sweep, g => g.Retry(arms));

    public async Task<SweepView> ExtendAsync(string sweep, string arm, int steps, CancellationToken cancellationToken)
    {
        try
        {
            return await Act(sweep, g => g.Extend(arm, steps));
        }
        catch (ArmNotFoundException e)
        {
            throw new ExtendRejectedException(e.Message); // an arm id on the command line is input, exit 2 like the rest
        }
    }

    public Task<SweepVerdict> GetVerdictAsync(string sweep, ComparisonMetric metric, long? step, CancellationToken cancellationToken) =>
        Answered(() => Grains.GetGrain<IComparisonGrain>(sweep).GetVerdict(metric, step));

    Task<SweepView> Act(string sweep, Func<ISweepGrain, Task<SweepSnapshot>> action) =>
        Answered(async () => await SweepViews.Of(Grains, await action(Grains.GetGrain<ISweepGrain>(sweep))));

    /// <summary>A call whose silo stopped answering fails as <see cref="ClusterUnreachableException"/>.</summary>
    async Task<T> Answered<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is TimeoutException or ConnectionFailedException or SiloUnavailableException)
        {
            throw new ClusterUnreachableException(trainsElsewhere ?? "the cluster", e);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
