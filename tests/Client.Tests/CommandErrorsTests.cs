using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Testing;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Training;

namespace ZImageSweep.Client.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class CommandErrorsTests
{
    sealed class ConsoleResolver(IAnsiConsole console) : ITypeResolver
    {
        public object? Resolve(Type? type) => type == typeof(IAnsiConsole) ? console : null;
    }

    static (int Code, string Output) Handle(Exception e)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        int code = CommandErrors.Handle(e, new ConsoleResolver(console), configuredConsole: null);
        return (code, console.Output);
    }

    static Exception Case(string name) => name switch
    {
        "job config" => new JobConfigException("job.yaml", [new JobConfigError("config.process[0].train.lr", "must be > 0")]),
        "full disk" => new IOException("No space left on device : '/out/x.safetensors'", 28), // ENOSPC
        "denied" => new UnauthorizedAccessException("Access to the path '/out' is denied."),
        "diverged" => new TrainingDivergedException(7, "loss NaN"),
        "owner gone" => new Client.Connection.ClusterUnreachableException("zsweep run (pid 42)",
            new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request [ sys.client ]\n   at Orleans")),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("job config", CommandErrors.Input)]
    [InlineData("full disk", CommandErrors.Runtime)]
    [InlineData("denied", CommandErrors.Runtime)]
    [InlineData("diverged", CommandErrors.Runtime)]
    [InlineData("owner gone", CommandErrors.Runtime)]
    public void AnExpectedError_IsOneLineWithItsExitCode(string name, int code)
    {
        Exception e = Case(name);

        var (exit, output) = Handle(e);

        Assert.Equal(code, exit);
        Assert.Equal($"error: {e.Message}", output.TrimEnd());
    }

    [Fact]
    public void ABug_ShowsItsStackTraceAndAsksForAReport()
    {
        Exception bug;
        try { throw new InvalidOperationException("boom"); }
        catch (InvalidOperationException e) { bug = e; }

        var (exit, output) = Handle(bug);

        Assert.Equal(CommandErrors.Bug, exit);
        Assert.Contains("please report it", output);
        Assert.Contains("System.InvalidOperationException: boom", output);
        Assert.Contains("   at ", output);
    }
}
