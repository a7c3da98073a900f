using System.Diagnostics;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.Client.Tests.Commands.Worker;

/// <summary>
/// A real <c>zsweep worker</c> (the CLI build next to the tests) on the CPU, driven as the silo's WorkerHost drives
/// it: commands as JSON lines on its stdin, its stdout parsed into each run's events, its stderr kept. Every
/// <see cref="CommitReadyEvent"/> is answered with commit at once, unless the test holds that run's commits
/// (<see cref="Hold"/>) to answer them itself. Waits complete on the lines themselves, never on time.
/// </summary>
sealed class WorkerProcess : IAsyncDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    readonly Process _process;
    readonly object _gate = new();
    readonly List<WorkerEvent> _events = [];
    readonly List<string> _log = [];
    readonly HashSet<string> _held = [];
    readonly List<(Func<bool> Done, TaskCompletionSource Seen)> _waits = [];

    WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnEvent(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLog(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static WorkerProcess Start() => new(Process.Start(Cli("worker"))!);

    /// <summary>The CLI with the environment the embedded silo gives its workers on a CPU slot.</summary>
    public static ProcessStartInfo Cli(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "zsweep.dll"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // One thread, as the CPU slot's workers run (ZsweepProcess): also what makes a solo `zsweep train` the bit-exact reference.
        start.Environment["OMP_NUM_THREADS"] = "1";
        return start;
    }

    public string Log
    {
        get { lock (_gate) return string.Join('\n', _log); }
    }

    public IReadOnlyList<WorkerEvent> EventsOf(Guid run)
    {
        lock (_gate) return _events.Where(e => e.Run == run.ToString()).ToList();
    }

    public void Send(WorkerCommandLine command)
    {
        lock (_process)
        {
            _process.StandardInput.WriteLine(WorkerProtocol.Format(command));
            _process.StandardInput.Flush();
        }
    }

    public void StartArm(Guid run, string job) => Send(WorkerCommandLine.Start(run, job, resumeFrom: null));

    /// <summary>The run's commit questions are left to the test from now on.</summary>
    public void Hold(Guid run)
    {
        lock (_gate) _held.Add(run.ToString());
    }

    public void CloseInput() => _process.StandardInput.Close();

    public void Kill() => _process.Kill(entireProcessTree: true); // SIGKILL: no handler, nothing saved

    /// <summary>The run's first event of type <typeparamref name="T"/> that matches, waiting for it.</summary>
    public async Task<T> WaitForAsync<T>(Guid run, Func<T, bool>? match = null) where T : WorkerEvent
    {
        T? Find() => EventsOf(run).OfType<T>().FirstOrDefault(e => match?.Invoke(e) ?? true);
        await WaitUntilAsync(() => Find() is not null, $"run {run}: {typeof(T).Name}");
        return Find()!;
    }

    public Task WaitForLogAsync(string text) => WaitUntilAsync(() => _log.Any(l => l.Contains(text, StringComparison.Ordinal)), $"log line '{text}'");

    public async Task<int> WaitForExitAsync()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"zsweep worker did not exit:\n{Log}");
        }
        return _process.ExitCode;
    }

    async Task WaitUntilAsync(Func<bool> done, string what)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (done()) return;
            _waits.Add((done, seen));
        }
        var first = await Task.WhenAny(seen.Task, _process.WaitForExitAsync(), Task.Delay(Timeout));
        lock (_gate)
            if (done()) return;
        Assert.Fail($"zsweep worker {(_process.HasExited ? "exited" : "timed out")} before {what}:\n{Log}");
    }

    void OnEvent(string? line)
    {
        if (line is null || !WorkerProtocol.TryParseEvent(line, out WorkerEvent? e)) return;
        bool answer;
        lock (_gate)
        {
            _events.Add(e!);
            answer = e is CommitReadyEvent && !_held.Contains(e.Run!);
            Release();
        }
        if (answer) Send(WorkerCommandLine.For(Guid.Parse(e!.Run!), WorkerCommand.Commit));
    }

    void OnLog(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _log.Add(line);
            Release();
        }
    }

    void Release()
    {
        foreach (var wait in _waits.Where(w => w.Done()).ToList())
        {
            _waits.Remove(wait);
            wait.Seen.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
