using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// A logger provider for test silos that keeps every ZImageSweep log event in the order it was written, and lets a
/// test await a condition over them (checked on each new event, so nothing polls). At each worker start it also looks
/// at the slot's previous worker process, so a test can prove that two workers never ran on one slot at once.
/// </summary>
internal sealed class SiloEventLog : ILoggerProvider
{
    const int WorkerStarted = 2001;

    readonly Lock _gate = new();
    readonly List<SiloEvent> _events = [];
    readonly List<(Func<IReadOnlyList<SiloEvent>, bool> Done, TaskCompletionSource Reached)> _waits = [];
    readonly Dictionary<string, int> _lastWorkerBySlot = [];

    public IReadOnlyList<SiloEvent> Events
    {
        get { lock (_gate) return [.. _events]; }
    }

    /// <summary>Completes once <paramref name="done"/> holds for the events so far; fails naming <paramref name="what"/> after the timeout.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<SiloEvent>, bool> done, TimeSpan timeout, string what)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (done(_events)) return;
            _waits.Add((done, reached));
        }
        try
        {
            await reached.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}; last events:{Environment.NewLine}{string.Join(Environment.NewLine, Events.TakeLast(15))}");
        }
    }

    void Add(int id, IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        lock (_gate)
        {
            var named = values.ToDictionary(v => v.Key, v => v.Value);
            bool slotBusy = id == WorkerStarted && StartsOnBusySlot(named);
            _events.Add(new SiloEvent(id, named, slotBusy));
            foreach (var wait in _waits.Where(w => w.Done(_events)).ToArray())
            {
                _waits.Remove(wait);
                wait.Reached.SetResult();
            }
        }
    }

    bool StartsOnBusySlot(IReadOnlyDictionary<string, object?> started)
    {
        string slot = started["Slot"]!.ToString()!;
        int pid = (int)started["Pid"]!;
        bool busy = _lastWorkerBySlot.TryGetValue(slot, out int previous) && previous != pid && IsAlive(previous);
        _lastWorkerBySlot[slot] = pid;
        return busy;
    }

    static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process any more
        }
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("ZImageSweep.", StringComparison.Ordinal) ? new Recorder(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose() { }

    sealed class Recorder(SiloEventLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != 0 && state is IReadOnlyList<KeyValuePair<string, object?>> values) log.Add(eventId.Id, values);
        }
    }
}
