using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Client.Commands.Db;

/// <summary><c>zsweep db migrate</c>: creates or updates the cluster's PostgreSQL schema; safe to repeat.</summary>
public sealed class DbMigrateCommand(IAnsiConsole console) : Command<ClusterSettings>
{
    public override ValidationResult Validate(CommandContext context, ClusterSettings settings) =>
        settings.ResolvedCluster is null
            ? ValidationResult.Error($"Name the database with --cluster <connection string> or ${ClusterSettings.ClusterVariable}.")
            : ValidationResult.Success();

    public override int Execute(CommandContext context, ClusterSettings settings, CancellationToken cancellation)
    {
        PostgresSchema.Apply(settings.ResolvedCluster!);
        foreach (var (name, _) in SchemaScripts.For("PostgreSql")) console.MarkupLine($"[green]applied[/] {Markup.Escape(name)}");
        return 0;
    }
}
