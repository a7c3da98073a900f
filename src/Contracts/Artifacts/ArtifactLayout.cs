using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Artifacts;

/// <summary>
/// The artifact tree, the one place its paths are spelled: <c>&lt;root&gt;/sweeps/&lt;sweep&gt;/&lt;arm&gt;/</c> holds the
/// arm's <c>job.yaml</c>, its training output (<see cref="TrainingOutput"/>, with the arm id as job name) and
/// <c>logs/worker.log</c>; <c>&lt;root&gt;/sweeps/&lt;sweep&gt;/grids/</c> holds the sweep's step-matched sample grids and
/// per-arm strips; <c>&lt;root&gt;/slots/&lt;silo&gt;/&lt;gpu index&gt;/worker.log</c> is the log of a slot's worker process,
/// which outlives the arms it trains.
/// </summary>
public sealed class ArtifactLayout(string root)
{
    public string Root { get; } = root;

    public string SweepFolder(string sweep) => Path.Combine(Root, "sweeps", sweep);

    /// <summary>The arm's folder is its job's training output folder, because <see cref="WriteJob"/> points the job there.</summary>
    public TrainingOutput Arm(string sweep, string armId) => new(Path.Combine(SweepFolder(sweep), armId), armId);

    public string JobPath(string sweep, string armId) => Path.Combine(Arm(sweep, armId).Folder, "job.yaml");

    /// <summary>The arm's lines of its worker's stderr and the supervisor's notes, appended across runs of the arm.</summary>
    public string WorkerLogPath(string sweep, string armId) => Path.Combine(Arm(sweep, armId).Folder, "logs", "worker.log");

    /// <summary>Everything a slot's worker process wrote to stderr, and the supervisor's notes on it (WorkerProtocol).</summary>
    public string SlotLogPath(string silo, int gpuIndex) => Path.Combine(Root, "slots", silo, gpuIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), "worker.log");

    public string GridPath(string sweep, long step) => Path.Combine(GridsFolder(sweep), $"step_{step:D9}.png");

    /// <summary>One arm's samples across its sample steps.</summary>
    public string StripPath(string sweep, string armId) => Path.Combine(GridsFolder(sweep), $"arm_{armId}.png");

    /// <summary>
    /// Writes the arm's job with its output redirected into the arm folder: ai-toolkit saves to
    /// <c>&lt;training_folder&gt;/&lt;name&gt;</c>, so training_folder becomes the sweep folder and name the arm id.
    /// </summary>
    /// <returns>The job file's path.</returns>
    public string WriteJob(string sweep, string armId, string jobYaml)
    {
        string path = JobPath(sweep, armId);
        var job = JobDocument.Parse(jobYaml, path);
        job.Set(ManagedJobKeys.TrainingFolder, YamlScalars.Text(SweepFolder(sweep)));
        job.Set(ManagedJobKeys.Name, YamlScalars.Text(armId));
        AtomicFile.WriteAllText(path, job.ToYaml());
        return path;
    }

    string GridsFolder(string sweep) => Path.Combine(SweepFolder(sweep), "grids");
}
