using System.Globalization;
using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Rendering;

/// <summary>Tables of sweeps and arms, shared by the verbs that print them.</summary>
public static class SweepTables
{
    /// <param name="paths">Checkpoint and LoRA paths are shown relative to the artifacts root.</param>
    /// <remarks>The validation columns (each arm's latest signals) appear only when some arm has them.</remarks>
    public static Table Arms(SweepView sweep, ArtifactPaths paths)
    {
        bool signals = sweep.Arms.Any(a => a.Validation is not null);
        var table = new Table().Border(TableBorder.Rounded).Title($"sweep [bold]{Markup.Escape(sweep.Name)}[/] (concurrency {sweep.Concurrency}){SearchTitle(sweep.Search, sweep.Arms.Length)}");
        // A search lists its arms in proposal order: the column numbers the proposals.
        if (sweep.Search is not null) table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("Arm").AddColumn("Id").AddColumn("Status").AddColumn(new TableColumn("Step").RightAligned())
            .AddColumn(new TableColumn("Loss").RightAligned());
        if (signals)
            foreach (string signal in new[] { "Val loss", "Drift", "Leakage" }) table.AddColumn(new TableColumn(signal).RightAligned());
        table.AddColumn("Slot").AddColumn("Last checkpoint / reason");
        foreach (var arm in sweep.Arms)
        {
            var v = arm.Validation;
            string[] signalCells = signals ? [Number(v?.ValidationLoss), Number(v?.TurboDrift), Number(v?.TriggerLeakage)] : [];
            string[] proposal = sweep.Search is null ? [] : [(sweep.Arms.IndexOf(arm) + 1).ToString(CultureInfo.InvariantCulture)];
            table.AddRow([.. proposal, Markup.Escape(arm.Label), arm.Id, Status(StatusOf(arm)), $"{arm.Step}/{arm.TotalSteps}",
                Number(arm.LastLoss), .. signalCells, Markup.Escape(Slot(arm)), Markup.Escape(Detail(arm, paths))]);
        }
        return paths.Captioned(table);
    }

    /// <summary>The arm's slot, and the arms it shares the slot with (packing, issue 18).</summary>
    static string Slot(ArmView arm) => arm.PackedWith is { Count: > 0 } others ? $"{arm.Slot} with {string.Join(", ", others)}" : arm.Slot ?? "-";

    /// <summary>The arm's status as the grains have it; the view carries its name.</summary>
    public static ExperimentStatus StatusOf(ArmView arm) => Enum.Parse<ExperimentStatus>(arm.Status);

    static string SearchTitle(SearchProgress? search, int proposed) => search is null ? ""
        : $", {search.Method} search: {proposed} of {search.Count} arms proposed, minimising {search.Objective}";

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
    static string Detail(ArmView arm, ArtifactPaths paths) => StatusOf(arm) is ExperimentStatus.Failed or ExperimentStatus.Stopped
        ? arm.Reason ?? "-"
        : arm.FinalLora is { } lora ? paths.Show(lora.Path) : arm.LastCheckpoint is { } c ? $"step {c.Step}: {paths.Show(c.Path)}" : "-";
}
