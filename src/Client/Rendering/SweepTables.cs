using System.Globalization;
using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Rendering;

/// <summary>Tables of sweeps and arms, shared by the verbs that print them.</summary>
public static class SweepTables
{
    public static Table Arms(SweepSnapshot sweep)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"sweep [bold]{Markup.Escape(sweep.Name)}[/] (concurrency {sweep.Concurrency})")
            .AddColumn("Arm").AddColumn("Id").AddColumn("Status").AddColumn(new TableColumn("Step").RightAligned())
            .AddColumn(new TableColumn("Loss").RightAligned()).AddColumn("Slot").AddColumn("Last checkpoint / reason");
        foreach (var arm in sweep.Arms)
        {
            table.AddRow(Markup.Escape(arm.Label), arm.ArmId, Status(arm.Status), $"{arm.Metrics.Step}/{arm.Metrics.TotalSteps}",
                Number(arm.Metrics.LastLoss), Markup.Escape(arm.Slot ?? "-"), Markup.Escape(Detail(arm)));
        }
        return table;
    }

    public static string Status(ExperimentStatus status) => status switch
    {
        ExperimentStatus.Completed => "[green]completed[/]",
        ExperimentStatus.Running => "[blue]running[/]",
        ExperimentStatus.Failed => "[red]failed[/]",
        ExperimentStatus.Cancelled => "[grey]cancelled[/]",
        ExperimentStatus.Paused => "[yellow]paused[/]",
        _ => "queued",
    };

    public static string Number(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-";

    static string Detail(ExperimentSnapshot arm) => arm.Status == ExperimentStatus.Failed
        ? arm.Reason ?? "-"
        : arm.FinalLora?.Path ?? (arm.LastCheckpoint is { } c ? $"step {c.Step}: {c.Path}" : "-");
}
