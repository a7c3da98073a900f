using Spectre.Console.Cli;
using Spectre.Console.Cli.Testing;
using Spectre.Console.Testing;

namespace ZImageSweep.Client.Tests.Commands;

/// <summary>
/// A <see cref="CommandAppTester"/> configured exactly like src/Client/Program.cs (<see cref="ZsweepCommands"/>),
/// on a wide test console so paths are not wrapped in the captured output.
/// </summary>
static class Zsweep
{
    public static CommandAppTester App()
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var app = new CommandAppTester(registrar: null, settings: null, console: console);
        app.Configure(ZsweepCommands.Configure);
        return app;
    }

    public static CommandAppResult Run(params string[] args) => App().Run(args);
}
