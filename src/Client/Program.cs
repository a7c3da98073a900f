using Spectre.Console.Cli;
using ZImageSweep.Client;

var app = new CommandApp();
app.Configure(ZsweepCommands.Configure);
return await app.RunAsync(args);
