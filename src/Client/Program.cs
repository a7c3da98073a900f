using Spectre.Console.Cli;
using ZImageSweep.Client.Commands.Doctor;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("zsweep");
    config.PropagateExceptions(); // unexpected failures keep their stack trace; expected ones return exit codes
    config.AddCommand<DoctorCommand>("doctor")
        .WithDescription("Check that TorchSharp, libtorch and the GPUs are usable on this machine.")
        .WithExample("doctor");
});
return await app.RunAsync(args);
