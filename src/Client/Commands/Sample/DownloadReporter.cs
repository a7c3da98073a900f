using Spectre.Console;
using ZImageSweep.Engine.Hub;

namespace ZImageSweep.Client.Commands.Sample;

/// <summary>Hub downloads on the console: one line per file at its start and one at its end, no per-mebibyte noise.</summary>
public sealed class DownloadReporter(IAnsiConsole console) : IProgress<DownloadProgress>
{
    public void Report(DownloadProgress p)
    {
        if (p.BytesDone == 0) console.MarkupLine($"downloading {Markup.Escape(p.Repo)}/{Markup.Escape(p.File)} ({p.FileNumber}/{p.FileCount})");
        else if (p.IsComplete) console.MarkupLine($"  done, {p.BytesDone / (1 << 20):N0} MiB");
    }
}
