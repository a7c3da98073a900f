using System.Diagnostics;

namespace ZImageSweep.Client.Tests.Homes;

/// <summary>
/// One <c>zsweep</c> command as a user runs it (the CLI build next to the tests) on a home given by
/// <c>ZSWEEP_HOME</c>, whose workers are the stand-in worker on two CPU slots — or, started with <see cref="StartRealEngine"/>,
/// the real <c>zsweep worker</c>. Its output is kept and can be waited on.
/// </summary>
public sealed class ZsweepProcess : IAsyncDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    readonly Process _process;
    readonly List<string> _lines = [];
    readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

    ZsweepProcess(string home, IEnumerable<string> arguments, bool standIn)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "zsweep.dll"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ZSWEEP_HOME"] = home;
        if (standIn)
        {
            start.Environment["Worker__Command"] = "dotnet";
            start.Environment["Worker__Arguments__0"] = Path.Combine(AppContext.BaseDirectory, "ZImageSweep.StandInWorker.dll");
        }
        else start.Environment["OMP_NUM_THREADS"] = "1"; // the tiny model trains fastest on one thread (see DemoCommandTests)
        start.Environment["Gpu__Mode"] = "Cpu";
        start.Environment["Gpu__CpuSlots"] = "2";
        start.Environment["COLUMNS"] = "400"; // paths and table rows on one line each
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Output
    {
        get { lock (_lines) return string.Join('\n', _lines); }
    }

    public static ZsweepProcess Start(string home, params string[] arguments) => new(home, arguments, standIn: true);

    /// <summary>A command whose workers, if it hosts training, are the CLI's own <c>worker</c> on the CPU.</summary>
    public static ZsweepProcess StartRealEngine(string home, params string[] arguments) => new(home, arguments, standIn: false);

    /// <summary>Runs a command to its end: its exit code and output.</summary>
    public static Task<(int Exit, string Output)> RunAsync(string home, params string[] arguments) => ToEndAsync(Start(home, arguments));

    /// <summary>Runs a command with the real worker (<see cref="StartRealEngine"/>) to its end: its exit code and output.</summary>
    public static Task<(int Exit, string Output)> RunRealEngineAsync(string home, params string[] arguments) => ToEndAsync(StartRealEngine(home, arguments));

    static async Task<(int Exit, string Output)> ToEndAsync(ZsweepProcess started)
    {
        await using var command = started;
        int exit = await command.WaitForExitAsync();
        return (exit, command.Output);
    }

    /// <summary>Completes when a line containing <paramref name="text"/> has been printed.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal))) return;
            _waits.Add((text, seen));
        }
        var first = await Task.WhenAny(seen.Task, _process.WaitForExitAsync(), Task.Delay(Timeout));
        if (first != seen.Task) Assert.Fail($"zsweep {(_process.HasExited ? "exited" : "timed out")} before printing '{text}':\n{Output}");
    }

    public async Task<int> WaitForExitAsync()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"zsweep did not exit within {Timeout.TotalMinutes} minutes:\n{Output}");
        }
        _process.WaitForExit(); // the output readers drain
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by name (INT, TERM) as <c>kill -s</c> does.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, _process.Id.ToString()]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    void Record(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var wait in _waits.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToArray())
            {
                wait.Seen.TrySetResult();
                _waits.Remove(wait);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
