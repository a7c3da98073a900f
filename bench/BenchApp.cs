using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Bench.Cli;

namespace ZImageSweep.Bench;

/// <summary>The command line of <c>zsweep-bench</c>; tests call <see cref="Run"/> in-process with their own console.</summary>
public static class BenchApp
{
    public static int Run(string[] args, IAnsiConsole console)
    {
        var app = new CommandApp<BenchCommand>();
        app.Configure(config =>
        {
            config.SetApplicationName("zsweep-bench");
            config.ConfigureConsole(console);
            config.PropagateExceptions(); // a failed run keeps its stack trace; failed rows are reported in the table instead
            config.AddExample("--suite", "inference", "--device", "cuda", "--size", "full", "--out", "results.json");
            config.AddExample("--suite", "inference", "--device", "cpu", "--size", "tiny", "--iterations", "2", "--warmup", "1");
        });
        return app.Run(args);
    }
}
