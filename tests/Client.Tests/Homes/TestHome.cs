using ZImageSweep.Client.Connection;

namespace ZImageSweep.Client.Tests.Homes;

/// <summary>
/// A home folder of its own with a two-arm sweep spec for the stand-in worker, and what its arms' <c>steps.log</c>
/// files say: every trained step with the process that trained it.
/// </summary>
public sealed class TestHome : IDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <param name="holdAtStep">Where the arms wait until <see cref="Release"/> (the stand-in's <c>fake_hold_at_step</c>).</param>
    public TestHome(int steps, int stepMs, int holdAtStep = -1)
    {
        Steps = steps;
        Spec = Path.Combine(Folder, "sweep.yaml");
        File.WriteAllText(Spec, SpecYaml(Sweep, steps, stepMs, holdAtStep));
    }

    public const string Sweep = "two-arms";

    /// <summary>
    /// A two-arm spec (rank <paramref name="ranks"/>) for the stand-in worker with its base job inline: each step takes
    /// <paramref name="stepMs"/>, and the arms hold at <paramref name="holdAtStep"/> (-1: never) until the home's
    /// <c>release</c> file exists (<see cref="Release"/>) or they are paused or cancelled.
    /// </summary>
    public static string SpecYaml(string name, int steps, int stepMs, int holdAtStep, string ranks = "4, 8") => $$"""
        name: {{name}}
        concurrency: 2
        base:
          config:
            name: tiny
            process:
              - model: { name_or_path: Tongyi-MAI/Z-Image-Turbo }
                datasets: [ { folder_path: /data/images } ]
                train: { steps: {{steps}} }
                save: { save_every: 10 }
          meta: { fake_step_ms: "{{stepMs}}", fake_hold_at_step: "{{holdAtStep}}", fake_hold_until: "{{HoldRelease}}" }
        axes:
          - { name: rank, key: network.linear, values: [{{ranks}}] }
        """;

    /// <summary>The release file, relative to an arm folder (the worker's working directory): the home's <c>release</c>.</summary>
    const string HoldRelease = "../../../../release";

    /// <summary>Lets arms held at their hold step train on.</summary>
    public void Release() => File.WriteAllText(Path.Combine(Folder, "release"), "");

    public string Folder { get; } = Directory.CreateTempSubdirectory("zsweep-home-").FullName;

    public string Spec { get; }

    public int Steps { get; }

    string SweepFolder => Path.Combine(Folder, "artifacts", "sweeps", Sweep);

    public string[] ArmFolders => Directory.Exists(SweepFolder) ? Directory.GetDirectories(SweepFolder).Where(d => Path.GetFileName(d) != "grids").Order().ToArray() : [];

    /// <summary>Each arm's trained steps in order, as (worker pid, step).</summary>
    public Dictionary<string, (int Pid, long Step)[]> TrainedSteps() => ArmFolders.ToDictionary(folder => Path.GetFileName(folder), folder =>
    {
        string log = Path.Combine(folder, "steps.log");
        return File.Exists(log)
            ? File.ReadAllLines(log).Select(l => l.Split(' ')).Select(p => (int.Parse(p[0]), long.Parse(p[1]))).ToArray()
            : [];
    });

    /// <summary>How many workers each arm has started, as its worker log records them.</summary>
    public int WorkerStarts() => ArmFolders.Sum(folder =>
    {
        string log = Path.Combine(folder, "logs", "worker.log");
        return File.Exists(log) ? File.ReadLines(log).Count(l => l.StartsWith("stand-in worker ", StringComparison.Ordinal)) : 0;
    });

    public HomeOwner? Owner => HomeOwner.Read(Folder);

    /// <summary>Completes once <paramref name="condition"/> holds, checked again on every change under the home.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(Folder) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (!condition()) await changed.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"timed out waiting until {what}");
        }
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
