using System.Globalization;
using Spectre.Console;

namespace ZImageSweep.Bench.Report;

/// <summary>Prints a <see cref="BenchReport"/> as a Spectre.Console table with machine information and footnotes.</summary>
public static class ReportTable
{
    public static void Write(IAnsiConsole console, BenchReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"zsweep-bench · suite {report.Suite} · {report.Size} · {report.Device}")
            .AddColumn("Row").AddColumn("dtype")
            .AddColumn(new TableColumn("median ms").RightAligned())
            .AddColumn(new TableColumn("p10 / p90 ms").RightAligned())
            .AddColumn(new TableColumn("ref ms ²").RightAligned())
            .AddColumn(new TableColumn("images/s").RightAligned())
            .AddColumn(new TableColumn("peak GiB ¹").RightAligned())
            .AddColumn(new TableColumn("n").RightAligned())
            .AddColumn("notes");
        foreach (RowResult row in report.Rows)
        {
            string notes = row.Error is not null ? $"[red]{Markup.Escape(row.Error)}[/]"
                : row.Passed == false ? $"[red]FAILED {Markup.Escape(row.Note ?? "")}[/]"
                : Markup.Escape(row.Note ?? "");
            if (row.LiveTensorGrowth is > 0) notes += $" [red]leak: +{row.LiveTensorGrowth} tensors[/]";
            if (row.GpuLeftAfterRowGib is >= 0.01 and var left) notes += $" · {left:0.00} GiB still used after the row";
            if (row.PeakAllocatedGib is { } allocated) notes += $" · max allocated {allocated:0.00} GiB";
            table.AddRow(
                Markup.Escape(row.Name), row.DType,
                Ms(row.MsMedian),
                row.MsP10 is null ? "-" : $"{Ms(row.MsP10)} / {Ms(row.MsP90)}",
                row.ReferenceMs is null ? "-" : row.VsReference is { } ratio ? $"{Ms(row.ReferenceMs)} ({ratio:0.00}×)" : Ms(row.ReferenceMs),
                row.ImagesPerSecond is { } ips ? ips.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                row.PeakGpuGib is { } gib ? gib.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                row.Error is null ? $"{row.Iterations}+{row.Warmup}" : "-",
                notes);
        }
        table.Caption("n = timed + warm-up iterations");
        console.Write(table);

        if (report.Machine is { } m)
        {
            string gpus = m.Gpus.Count == 0 ? "none (no NVIDIA driver / NVML)"
                : string.Join("; ", m.Gpus.Select(g => $"#{g.Index} {g.Name}, {g.MemoryTotalGib:0.#} GiB"));
            console.MarkupLine($"[bold]GPU[/] {Markup.Escape(gpus)} · driver {Markup.Escape(m.NvidiaDriver ?? "-")} (CUDA {Markup.Escape(m.CudaDriverVersion ?? "-")})");
            console.MarkupLine($"[bold]libtorch[/] {Markup.Escape(m.LibTorch)} · TorchSharp {Markup.Escape(m.TorchSharp)} · {Markup.Escape(m.DotNet)} · {Markup.Escape(m.Os)} · {m.CpuCount} CPUs · host {Markup.Escape(m.Host)}");
            foreach (string problem in m.DoctorProblems) console.MarkupLine($"[red]doctor:[/] {Markup.Escape(problem)}");
        }
        console.MarkupLine($"[bold]date[/] {report.StartedUtc:yyyy-MM-dd HH:mm} UTC · total {report.TotalSeconds:0.0} s · rows {(report.Settings.Isolated ? "isolated (one process each)" : "in one process")} · seed {report.Settings.Seed}");
        console.MarkupLine($"¹ {Markup.Escape(BenchReport.MemoryMethodText)}");
        console.MarkupLine(report.ReferenceSource is { } source
            ? $"² {Markup.Escape(source)}; (×) = engine median / reference."
            : "² no reference in this run (bench/gpu-run.sh measures one in the same call when REFERENCE_SRC is set).");
        foreach (string note in report.Notes) console.MarkupLine($"· {Markup.Escape(note)}");
    }

    static string Ms(double? value) => value switch
    {
        null => "-",
        >= 100 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        >= 1 => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
