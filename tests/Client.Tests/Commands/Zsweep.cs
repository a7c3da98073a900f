using Spectre.Console.Cli;
using Spectre.Console.Cli.Testing;
using Spectre.Console.Testing;
using ZImageSweep.Client.Commands.Doctor;
using ZImageSweep.Client.Commands.Sample;
using ZImageSweep.Client.Commands.TinyModel;

namespace ZImageSweep.Client.Tests.Commands;

/// <summary>
/// A <see cref="CommandAppTester"/> configured like src/Client/Program.cs (same commands, same exception handler),
/// on a wide test console so paths are not wrapped in the captured output.
/// </summary>
static class Zsweep
{
    public static CommandAppTester App()
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var app = new CommandAppTester(registrar: null, settings: null, console: console);
        app.Configure(config =>
        {
            config.SetApplicationName("zsweep");
            config.SetExceptionHandler(CommandErrors.Handle);
            config.AddCommand<DoctorCommand>("doctor");
            config.AddCommand<SampleCommand>("sample");
            config.AddCommand<TinyModelCommand>("tiny-model");
        });
        return app;
    }

    public static CommandAppResult Run(params string[] args) => App().Run(args);
}
