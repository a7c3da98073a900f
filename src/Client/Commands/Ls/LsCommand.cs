using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands.Ls;

/// <summary><c>zsweep ls</c>: every sweep with its arms counted by status.</summary>
public sealed class LsCommand(IAnsiConsole console) : AsyncCommand<ClusterSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ClusterSettings settings, CancellationToken cancellation)
    {
        await using var connection = await SweepConnection.OpenAsync(settings, HomeUse.Inspect, context.Name, console.WriteLine, cancellation);
        var names = await connection.Grains.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Singleton).List();
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Sweep").AddColumn(new TableColumn("Arms").RightAligned());
        foreach (var status in Enum.GetValues<ExperimentStatus>()) table.AddColumn(new TableColumn(status.ToString()).RightAligned());
        foreach (string name in names)
        {
            var sweep = await connection.Grains.GetGrain<ISweepGrain>(name).GetSnapshot();
            table.AddRow([Markup.Escape(name), sweep.Arms.Length.ToString(), .. Enum.GetValues<ExperimentStatus>().Select(s => sweep.Arms.Count(a => a.Status == s).ToString())]);
        }
        console.Write(table);
        return 0;
    }
}
