using System.Globalization;
using Spectre.Console;
using ZImageSweep.Client.Connection;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Rendering;

/// <summary>
/// Live per-arm progress bars (step/total, loss, it/s, ETA) until every arm has finished; the exit code says whether
/// all of them completed.
/// </summary>
public static class SweepWatcher
{
    static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);

    public static async Task<int> WatchAsync(IAnsiConsole console, SweepConnection connection, string sweep, CancellationToken cancellationToken)
    {
        var grain = connection.Grains.GetGrain<ISweepGrain>(sweep);
        var snapshot = await grain.GetSnapshot();
        await console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var tasks = snapshot.Arms.ToDictionary(a => a.ArmId, a => progress.AddTask(Describe(a), maxValue: Math.Max(1, a.Metrics.TotalSteps)));
                while (true)
                {
                    foreach (var arm in snapshot.Arms)
                    {
                        var task = tasks[arm.ArmId];
                        task.Description = Describe(arm);
                        task.Value = arm.Metrics.Step;
                        if (arm.Status is ExperimentStatus.Completed or ExperimentStatus.Failed or ExperimentStatus.Cancelled or ExperimentStatus.Stopped) task.StopTask();
                    }
                    if (snapshot.IsFinished || cancellationToken.IsCancellationRequested) break;
                    await Task.Delay(RefreshPeriod, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                    snapshot = await grain.GetSnapshot();
                }
            });
        console.Write(SweepTables.Arms(snapshot, connection.Paths));
        // An arm stopped early by the sweep's own rule is an outcome the spec asked for, not a failure.
        return snapshot.Arms.All(a => a.Status is ExperimentStatus.Completed or ExperimentStatus.Stopped) ? 0 : 1;
    }

    static string Describe(ExperimentSnapshot arm)
    {
        string speed = arm.Metrics.StepSeconds is > 0 and var s ? (1 / s).ToString("0.00", CultureInfo.InvariantCulture) + " it/s" : "";
        return $"{Markup.Escape(arm.Label),-32} {SweepTables.Status(arm.Status)} {arm.Metrics.Step}/{arm.Metrics.TotalSteps} loss {SweepTables.Number(arm.Metrics.LastLoss)} {speed}";
    }
}
