using System.Diagnostics;
using ZImageSweep.Bench.Report;
using ZImageSweep.Bench.Rows;

namespace ZImageSweep.Bench.Harness;

/// <summary>
/// Runs one row in a fresh process of this program (<c>--child</c>) and reads its result back. Each row then starts
/// from an empty GPU: TorchSharp cannot empty libtorch's caching allocator, so in one process every row after the
/// first would reuse the memory earlier rows reserved and the NVML peak would say little. A crash or out-of-memory
/// in one row also leaves the others standing. The cost is a process start, libtorch load and CUDA init per row
/// (a few seconds each).
/// </summary>
public static class IsolatedRowRunner
{
    const int TailLines = 30;

    /// <param name="timeout">how long the row's process may run before it is killed.</param>
    public static RowResult Run(BenchRow row, BenchOptions options, TimeSpan timeout)
    {
        string resultPath = Path.Combine(Path.GetTempPath(), $"zsweep-bench-{Environment.ProcessId}-{row.Id}.json");
        File.Delete(resultPath);
        ProcessStartInfo start = SelfStartInfo();
        foreach (string argument in options.ChildArguments(row.Id, resultPath)) start.ArgumentList.Add(argument);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        var tail = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines) tail.Dequeue();
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        else
        {
            process.WaitForExit(); // drains the redirected streams
        }

        try
        {
            if (exited && File.Exists(resultPath) && ReportJson.Read(resultPath).Rows is [var result])
                return result with { Isolated = true };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            Keep($"unreadable result file {resultPath}: {e.Message}");
        }
        finally
        {
            File.Delete(resultPath);
        }

        string reason = exited ? $"row process exited with code {process.ExitCode} without a result" : $"row process killed after {timeout.TotalSeconds:0} s";
        string output;
        lock (tail) output = string.Join(" | ", tail.Where(l => !string.IsNullOrWhiteSpace(l)));
        return new RowResult
        {
            Id = row.Id, Name = row.Name, Suite = row.Suite.ToString().ToLowerInvariant(), DType = row.DType,
            Isolated = true, Error = output.Length == 0 ? reason : $"{reason}: {output}",
        };
    }

    /// <summary>
    /// How to start this program again: the apphost next to the assembly (normal and published builds), the
    /// process itself for single-file publishes, else <c>dotnet zsweep-bench.dll</c> (e.g. when a test host loaded it).
    /// </summary>
    static ProcessStartInfo SelfStartInfo()
    {
        string assembly = typeof(IsolatedRowRunner).Assembly.Location;
        if (string.IsNullOrEmpty(assembly))
            return new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("cannot locate zsweep-bench to start a row process"));
        string apphost = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly));
        if (File.Exists(apphost)) return new ProcessStartInfo(apphost);
        var viaHost = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        viaHost.ArgumentList.Add(assembly);
        return viaHost;
    }
}
