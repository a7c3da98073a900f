using Spectre.Console.Cli;
using ZImageSweep.Client.Commands.Doctor;
using ZImageSweep.Client.Commands.Sample;
using ZImageSweep.Client.Commands.TinyModel;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("zsweep");
    config.SetExceptionHandler(CommandErrors.Handle); // usage errors: one line, exit 1; unexpected failures are rethrown with their stack trace
    config.AddCommand<DoctorCommand>("doctor")
        .WithDescription("Check that TorchSharp, libtorch and the GPUs are usable on this machine.")
        .WithExample("doctor");
    config.AddCommand<SampleCommand>("sample").WithDescription("Generate images from prompts with a Z-Image model, optionally with LoRAs.").WithExample("sample", "--prompt", "a photo of a cat", "--lora", "my_lora.safetensors:0.8");
    config.AddCommand<TinyModelCommand>("tiny-model").WithDescription("Write a random tiny Z-Image model folder (with training adapters) for tests and demos.").WithExample("tiny-model", "tiny");
});
return await app.RunAsync(args);
