using System.Globalization;
using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Rendering;

/// <summary>Tables of sweeps and arms, shared by the verbs that print them.</summary>
public static class SweepTables
{
    /// <param name="paths">Checkpoint and LoRA paths are shown relative to the artifacts root.</param>
    /// <param name="validation">Each arm's latest validation signals; their columns appear only when some arm has them.</param>
    public static Table Arms(SweepSnapshot sweep, ArtifactPaths paths, IReadOnlyDictionary<string, ValidationPoint>? validation = null)
    {
        bool signals = validation is { Count: > 0 };
        var table = new Table().Border(TableBorder.Rounded).Title($"sweep [bold]{Markup.Escape(sweep.Name)}[/] (concurrency {sweep.Concurrency})")
            .AddColumn("Arm").AddColumn("Id").AddColumn("Status").AddColumn(new TableColumn("Step").RightAligned())
            .AddColumn(new TableColumn("Loss").RightAligned());
        if (signals)
            foreach (string signal in new[] { "Val loss", "Drift", "Leakage" }) table.AddColumn(new TableColumn(signal).RightAligned());
        table.AddColumn("Slot").AddColumn("Last checkpoint / reason");
        foreach (var arm in sweep.Arms)
        {
            var v = validation?.GetValueOrDefault(arm.ArmId);
            string[] signalCells = signals ? [Number(v?.ValidationLoss), Number(v?.TurboDrift), Number(v?.TriggerLeakage)] : [];
            table.AddRow([Markup.Escape(arm.Label), arm.ArmId, Status(arm.Status), $"{arm.Metrics.Step}/{arm.Metrics.TotalSteps}",
                Number(arm.Metrics.LastLoss), .. signalCells, Markup.Escape(arm.Slot ?? "-"), Markup.Escape(Detail(arm, paths))]);
        }
        return paths.Captioned(table);
    }

    public static string Status(ExperimentStatus status) => status switch
    {
        ExperimentStatus.Completed => "[green]completed[/]",
        ExperimentStatus.Running => "[blue]running[/]",
        ExperimentStatus.Failed => "[red]failed[/]",
        ExperimentStatus.Cancelled => "[grey]cancelled[/]",
        ExperimentStatus.Stopped => "[purple]stopped[/]",
        ExperimentStatus.Paused => "[yellow]paused[/]",
        _ => "queued",
    };

    public static string Number(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Why a failed or stopped arm ended (its error, or the early-stopping decision); otherwise where its LoRA is.</summary>
    static string Detail(ExperimentSnapshot arm, ArtifactPaths paths) => arm.Status is ExperimentStatus.Failed or ExperimentStatus.Stopped
        ? arm.Reason ?? "-"
        : arm.FinalLora is { } lora ? paths.Show(lora.Path) : arm.LastCheckpoint is { } c ? $"step {c.Step}: {paths.Show(c.Path)}" : "-";
}
