using System.Globalization;
using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Client.Rendering;

/// <summary>What <c>zsweep compare --verdict</c> (and the demo's last lines) print: each arm's mean, each pair's verdict, and the winner if there is one.</summary>
public static class VerdictTables
{
    public const string NoDifference = "no detectable difference";

    public static void Write(IAnsiConsole console, SweepVerdict verdict)
    {
        var labels = verdict.Arms.ToDictionary(a => a.Id, a => a.Label);
        console.Write(Arms(verdict));
        console.Write(Pairs(verdict, labels));
        console.MarkupLine(Markup.Escape(Summary(verdict, labels)));
    }

    /// <summary>
    /// With replicates, each row is a configuration: its items are items × seeds, and the seed SD beside the mean is
    /// how far training alone moves it — a mean difference well inside that spread is seed noise.
    /// </summary>
    static Table Arms(SweepVerdict verdict)
    {
        bool replicated = verdict.Arms.Any(a => a.Replicates > 1);
        var table = new Table().Border(TableBorder.Rounded).Title($"{verdict.Metric} at step {verdict.Step} (lower is better)")
            .AddColumn(replicated ? "Configuration" : "Arm").AddColumn(new TableColumn("Mean ± 95 % CI").RightAligned()).AddColumn(new TableColumn("Items").RightAligned());
        if (replicated) table.AddColumn(new TableColumn("Seeds").RightAligned()).AddColumn(new TableColumn("Seed SD").RightAligned());
        foreach (var arm in verdict.Arms.OrderBy(a => a.Mean))
        {
            string[] cells = [Markup.Escape(arm.Label), $"{Number(arm.Mean)} ± {Number(arm.CiHalfWidth)}", arm.N.ToString(CultureInfo.InvariantCulture)];
            table.AddRow(replicated ? [.. cells, arm.Replicates.ToString(CultureInfo.InvariantCulture), arm.SeedSd is { } sd ? Number(sd) : "–"] : cells);
        }
        return table;
    }

    static Table Pairs(SweepVerdict verdict, Dictionary<string, string> labels)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"paired comparisons (Wilcoxon, Holm-adjusted over {verdict.Pairs.Length} pairs, α = {Number(verdict.Alpha)})")
            .AddColumn("A").AddColumn("B").AddColumn(new TableColumn("Items").RightAligned()).AddColumn(new TableColumn(Markup.Escape("Mean A − B [95 % CI]")).RightAligned())
            .AddColumn(new TableColumn("p").RightAligned()).AddColumn(new TableColumn("p adj.").RightAligned()).AddColumn("Verdict");
        foreach (var pair in verdict.Pairs)
            table.AddRow(Markup.Escape(labels[pair.A]), Markup.Escape(labels[pair.B]), pair.N.ToString(CultureInfo.InvariantCulture),
                Markup.Escape($"{Number(pair.MeanDiff)} [{Number(pair.CiLow)}, {Number(pair.CiHigh)}]"), Number(pair.P), Number(pair.PAdjusted),
                Markup.Escape(Outcome(pair, labels)));
        return table;
    }

    /// <summary>"X better", or "no detectable difference" with the rough item count that would detect the observed effect.</summary>
    public static string Outcome(VerdictPair pair, IReadOnlyDictionary<string, string> labels) => pair.Winner is { } winner
        ? $"{labels[winner]} better"
        : NoDifference + (pair.NNeeded is { } n ? $" at n = {pair.N} (~{n} items would detect this effect)" : $" at n = {pair.N}");

    /// <summary>The arm that beat every other arm, or a plain statement that none did.</summary>
    public static string Summary(SweepVerdict verdict, IReadOnlyDictionary<string, string> labels)
    {
        var best = verdict.Arms.Select(a => a.Id).FirstOrDefault(id => verdict.Pairs.All(p => (p.A != id && p.B != id) || p.Winner == id));
        return best is not null
            ? $"Winner: {labels[best]} — better than every other arm on {verdict.Metric} at step {verdict.Step}."
            : $"No arm is detectably better than all the others on {verdict.Metric} at step {verdict.Step}; see the pairs above.";
    }

    static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
