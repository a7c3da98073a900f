using System.Globalization;
using Spectre.Console;
using ZImageSweep.Client.Connection;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Rendering;

/// <summary>
/// Live per-arm progress bars (step/total, loss, it/s, ETA) until every arm has finished; the exit code says whether
/// all of them completed.
/// </summary>
public static class SweepWatcher
{
    static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);

    public static async Task<int> WatchAsync(IAnsiConsole console, ISweepService sweeps, string sweep, CancellationToken cancellationToken)
    {
        var view = await sweeps.GetAsync(sweep, cancellationToken);
        await console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                while (true)
                {
                    foreach (var arm in view.Arms)
                    {
                        // An adaptive search adds arms as it proposes them.
                        if (!tasks.TryGetValue(arm.Id, out var task))
                            tasks[arm.Id] = task = progress.AddTask(Describe(arm), maxValue: Math.Max(1, arm.TotalSteps));
                        task.Description = Describe(arm);
                        task.Value = arm.Step;
                        if (SweepTables.StatusOf(arm) is ExperimentStatus.Completed or ExperimentStatus.Failed or ExperimentStatus.Cancelled or ExperimentStatus.Stopped) task.StopTask();
                    }
                    if (view.Finished || cancellationToken.IsCancellationRequested) break;
                    await Task.Delay(RefreshPeriod, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                    // Not cancelled: a stop signal ends the loop above, after the last view is drawn.
                    view = await sweeps.GetAsync(sweep, CancellationToken.None);
                }
            });
        console.Write(SweepTables.Arms(view, sweeps.Paths));
        // An arm stopped early by the sweep's own rule is an outcome the spec asked for, not a failure.
        return view.Arms.All(a => SweepTables.StatusOf(a) is ExperimentStatus.Completed or ExperimentStatus.Stopped) ? 0 : 1;
    }

    static string Describe(ArmView arm)
    {
        string speed = arm.StepSeconds is > 0 and var s ? (1 / s).ToString("0.00", CultureInfo.InvariantCulture) + " it/s" : "";
        return $"{Markup.Escape(arm.Label),-32} {SweepTables.Status(SweepTables.StatusOf(arm))} {arm.Step}/{arm.TotalSteps} loss {SweepTables.Number(arm.LastLoss)} {speed}";
    }
}
