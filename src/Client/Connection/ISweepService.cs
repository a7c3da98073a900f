using System.Collections.Immutable;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// What the sweep verbs ask of wherever the sweeps are: the grains of a home or cluster (<see cref="OrleansSweepService"/>)
/// or a server's HTTP API (<see cref="HttpSweepService"/>). Both answer with the API's view records
/// (<see cref="SweepView"/>, <see cref="SweepSummary"/>, <see cref="SweepVerdict"/>), so the verbs print the same
/// tables either way. A refused change throws an <see cref="Contracts.Errors.IUserFacingError"/>.
/// </summary>
public interface ISweepService : IAsyncDisposable
{
    /// <summary>How tables show artifact paths (relative to the artifacts root where this process knows it).</summary>
    ArtifactPaths Paths { get; }

    /// <summary>True when training runs inside this process, so the command must stay up for it to progress.</summary>
    bool HostsTraining { get; }

    /// <summary>How long this process's workers may take to save and stop; null when it hosts none.</summary>
    TimeSpan? HostedWorkerStopTimeout { get; }

    /// <summary>Where a created sweep trains when not in this process, for the user (null when it trains here).</summary>
    string? TrainsElsewhere { get; }

    Task<SweepSummary[]> ListAsync(CancellationToken cancellationToken);

    Task<SweepView> GetAsync(string sweep, CancellationToken cancellationToken);

    /// <exception cref="Grains.Interfaces.Sweeps.SweepRejectedException">A different sweep has the name, or an arm does not validate.</exception>
    Task<SweepView> CreateAsync(SweepSubmission submission, CancellationToken cancellationToken);

    Task<SweepView> PauseAsync(string sweep, CancellationToken cancellationToken);

    Task<SweepView> ResumeAsync(string sweep, CancellationToken cancellationToken);

    Task<SweepView> CancelAsync(string sweep, CancellationToken cancellationToken);

    /// <summary>Queues failed arms again: all of them when <paramref name="arms"/> is empty.</summary>
    Task<SweepView> RetryAsync(string sweep, ImmutableArray<string> arms, CancellationToken cancellationToken);

    /// <summary>Trains a finished arm <paramref name="steps"/> more steps from its last checkpoint, as the same arm.</summary>
    /// <exception cref="ExtendRejectedException">The arm is unknown or cannot be extended as asked (input: exit 2).</exception>
    Task<SweepView> ExtendAsync(string sweep, string arm, int steps, CancellationToken cancellationToken);

    /// <exception cref="VerdictRejectedException">The verdict cannot be given as asked.</exception>
    Task<SweepVerdict> GetVerdictAsync(string sweep, ComparisonMetric metric, long? step, CancellationToken cancellationToken);
}
