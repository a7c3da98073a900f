using Spectre.Console;
using ZImageSweep.Bench;

// Logs on the GPU host are files, not terminals: keep the table on one line per row there.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
return BenchApp.Run(args, AnsiConsole.Console);
