using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Contracts.Gpu;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Client.Commands.Doctor;

/// <summary><c>zsweep doctor</c>: versions, locations, which libtorch was chosen and why, CUDA, GPUs and the libstdc++ patch state; non-zero exit on any problem.</summary>
public sealed class DoctorCommand(IAnsiConsole console) : Command<DoctorCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        DoctorReport report = TorchDoctor.Run();
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Item").AddColumn("Value");
        table.AddRow("TorchSharp", report.TorchSharpVersion);
        table.AddRow("libtorch", report.LibTorchVersion);
        table.AddRow("libtorch location", Markup.Escape(report.LibTorchPath ?? "-"));
        table.AddRow("libtorch choice", Markup.Escape(report.LibTorchChoice?.Reason ?? "none (see the problem below)"));
        table.AddRow("libLibTorchSharp.so", Markup.Escape(report.LibTorchSharpPath ?? "-"));
        table.AddRow("System libstdc++", Markup.Escape(report.LibStdCxx));
        table.AddRow("GLIBCXX_3.4.32 patch", Markup.Escape(report.PatchState));
        table.AddRow("CUDA available", report.CudaAvailable ? $"yes ({report.CudaDeviceCount} device(s))" : "no");
        foreach (GpuInfo gpu in report.Gpus)
            table.AddRow($"GPU {gpu.Index}", Markup.Escape($"{gpu.Name}, {gpu.MemoryTotalBytes / (1L << 20):N0} MiB total, {gpu.MemoryUsedBytes / (1L << 20):N0} MiB used"));
        if (report.Gpus.Count == 0) table.AddRow("GPUs", "none found (no NVIDIA driver / NVML)");
        console.Write(table);
        foreach (string note in report.LibTorchChoice?.Notes ?? []) console.MarkupLine($"[yellow]note[/] {Markup.Escape(note)}");
        foreach (string check in report.Checks) console.MarkupLine($"[green]ok[/] {Markup.Escape(check)}");
        foreach (string problem in report.Problems) console.MarkupLine($"[red]problem[/] {Markup.Escape(problem)}");
        console.MarkupLine(report.Healthy ? "[green]All checks passed.[/]" : "[red]zsweep cannot train on this machine until the problems above are fixed.[/]");
        return report.Healthy ? 0 : 1;
    }
}
