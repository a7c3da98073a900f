using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Client.Rendering;

/// <summary>What <c>zsweep compare</c> prints: the sample steps with their grids, and the arms ranked by a metric.</summary>
public static class ComparisonTables
{
    public static Table SampleSteps(IEnumerable<StepComparison> steps, ArtifactPaths paths)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("sample steps")
            .AddColumn(new TableColumn("Step").RightAligned()).AddColumn("Grid").AddColumn("Not reached by");
        foreach (var step in steps)
        {
            string notReached = string.Join(", ", step.NotReached.Select(a => a.Label));
            table.AddRow(step.Step.ToString(), step.GridPath is { } grid ? Markup.Escape(paths.Show(grid)) : "[grey]pending[/]",
                notReached.Length == 0 ? "-" : $"[yellow]{Markup.Escape(notReached)}[/]");
        }
        return paths.Captioned(table);
    }

    /// <summary>Best (lowest) first; the best arm's row is bold green and marked.</summary>
    public static Table Ranking(ComparisonMetric metric, IReadOnlyList<ArmScore> scores)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"arms by {MetricNames.Name(metric)} (lower is better)")
            .AddColumn(new TableColumn("#").RightAligned()).AddColumn("Arm").AddColumn(new TableColumn(MetricNames.Name(metric)).RightAligned())
            .AddColumn(new TableColumn("At step").RightAligned());
        for (int i = 0; i < scores.Count; i++)
        {
            var s = scores[i];
            string[] cells = [(i + 1).ToString(), Markup.Escape(s.Label) + (i == 0 ? " ★ best" : ""), SweepTables.Number(s.Value), s.Step.ToString()];
            table.AddRow(i == 0 ? [.. cells.Select(c => $"[bold green]{c}[/]")] : cells);
        }
        return table;
    }
}
