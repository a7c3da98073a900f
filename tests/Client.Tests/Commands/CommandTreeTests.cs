using Spectre.Console.Cli;
using Spectre.Console.Cli.Testing;

namespace ZImageSweep.Client.Tests.Commands;

[Trait(Tier.Name, Tier.Unit)]
public sealed class CommandTreeTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static CommandAppTester App() => Zsweep.App();

    [Fact]
    public void Help_ListsEveryVerb()
    {
        var result = App().Run("--help");

        foreach (string verb in new[] { "run", "ls", "status", "watch", "pause", "resume", "cancel", "logs", "serve", "db" })
            Assert.Contains(verb, result.Output);
    }

    [Fact]
    public void RunWithABadSpec_IsRefusedNamingTheAxis_BeforeConnectingAnywhere()
    {
        string spec = Path.Combine(_dir, "sweep.yaml");
        File.WriteAllText(spec, """
            name: bad
            base:
              config:
                name: j
                process: [ { model: { name_or_path: a/b }, datasets: [ { folder_path: /d } ] } ]
            axes:
              - { name: lr, key: train.lr, values: [1e-4, -1] }
            """);

        var result = App().Run("run", spec, "--cluster", "Host=127.0.0.1;Port=1;Username=nobody");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nothing was started", result.Output);
        Assert.Contains("axis 'lr'", result.Output);
    }

    [Fact]
    public void RunWithAMissingSpecFile_FailsValidation()
    {
        var result = App().Run("run", Path.Combine(_dir, "nope.yaml"));

        Assert.Equal(2, result.ExitCode); // input: a usage error
        Assert.Contains("does not exist", result.Output);
    }

    [Fact]
    public void DbMigrateWithoutADatabase_FailsValidation()
    {
        Environment.SetEnvironmentVariable("ZSWEEP_CLUSTER", null);

        var result = App().Run("db", "migrate");

        Assert.Equal(2, result.ExitCode); // input: a usage error
        Assert.Contains("--cluster", result.Output);
    }

    [Fact]
    public void LogsOfAnUnknownArm_SaysWhereItLooked()
    {
        var result = App().Run("logs", "some-sweep", "abc123", "--home", _dir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(Path.Combine(_dir, "artifacts", "sweeps", "some-sweep", "abc123", "logs", "worker.log"), result.Output.Replace("\n", ""));
    }
}
