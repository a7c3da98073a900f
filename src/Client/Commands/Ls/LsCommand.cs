using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Client.Commands.Ls;

/// <summary><c>zsweep ls</c>: every sweep, newest first, with its arms counted by status.</summary>
public sealed class LsCommand(IAnsiConsole console) : AsyncCommand<ClusterSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ClusterSettings settings, CancellationToken cancellation)
    {
        await using var sweeps = await SweepServices.OpenAsync(settings, HomeUse.Inspect, context.Name, console.WriteLine, cancellation);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Sweep").AddColumn(new TableColumn("Arms").RightAligned());
        foreach (var status in Enum.GetValues<ExperimentStatus>()) table.AddColumn(new TableColumn(status.ToString()).RightAligned());
        foreach (var sweep in await sweeps.ListAsync(cancellation))
            table.AddRow([Markup.Escape(sweep.Name), sweep.Arms.ToString(), .. Enum.GetValues<ExperimentStatus>().Select(s => sweep.StatusCounts.GetValueOrDefault(s.ToString()).ToString())]);
        console.Write(table);
        return 0;
    }
}
