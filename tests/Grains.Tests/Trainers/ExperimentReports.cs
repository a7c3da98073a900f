using System.Collections.Concurrent;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// What <see cref="RecordingExperimentGrain"/>s heard from their slot's trainer, numbered in the order it arrived
/// across experiments, and the commits the test wants them to refuse (WorkerProtocol's fencing).
/// </summary>
public sealed class ExperimentReports
{
    readonly Lock _gate = new();
    readonly List<(string Experiment, Guid Run, WorkerReport Report)> _reports = [];
    readonly ConcurrentDictionary<string, bool> _refusing = new();

    public void Add(string experiment, Guid run, WorkerReport report)
    {
        lock (_gate) _reports.Add((experiment, run, report));
    }

    /// <summary>From now on every checkpoint commit of <paramref name="experiment"/> is refused, as for a superseded run.</summary>
    public void RefuseCommits(string experiment) => _refusing[experiment] = true;

    public bool Confirms(string experiment) => !_refusing.ContainsKey(experiment);

    /// <summary>The experiment's reports, in order, with their position among all experiments' reports.</summary>
    public IReadOnlyList<(int At, Guid Run, WorkerReport Report)> Of(string experiment)
    {
        lock (_gate) return [.. _reports.Select((r, at) => (at, r.Run, r.Report, r.Experiment)).Where(r => r.Experiment == experiment).Select(r => (r.at, r.Run, r.Report))];
    }

    public Task<IReadOnlyList<(int At, Guid Run, WorkerReport Report)>> WaitForAsync(string experiment, Func<IReadOnlyList<WorkerReport>, bool> done, string what) =>
        Eventually.Until(() => Task.FromResult(Of(experiment)), r => done([.. r.Select(x => x.Report)]), TimeSpan.FromMinutes(2), $"{experiment}: {what}");
}
