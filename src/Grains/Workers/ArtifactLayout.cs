using Microsoft.Extensions.Options;
using ZImageSweep.Engine.Config;
using ZImageSweep.Engine.IO;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Grains.Workers;

/// <summary>
/// The artifact tree: <c>&lt;root&gt;/sweeps/&lt;sweep&gt;/&lt;arm&gt;/</c> holds the arm's job file, its checkpoints
/// (<c>&lt;arm&gt;_&lt;step:09d&gt;.safetensors</c>, ai-toolkit naming with the arm id as job name), <c>samples/</c> and <c>logs/</c>;
/// <c>&lt;root&gt;/sweeps/&lt;sweep&gt;/grids/</c> holds the sweep's step-matched sample grids and per-arm strips.
/// </summary>
public sealed class ArtifactLayout(IOptions<ArtifactOptions> options)
{
    public string ArmFolder(string experimentKey)
    {
        var (sweep, armId) = ExperimentKeys.Parse(experimentKey);
        return Path.Combine(SweepFolder(sweep), armId);
    }

    public string GridPath(string sweep, long step) => Path.Combine(SweepFolder(sweep), "grids", $"step_{step:D9}.png");

    /// <summary>One arm's samples across its sample steps.</summary>
    public string StripPath(string sweep, string armId) => Path.Combine(SweepFolder(sweep), "grids", $"arm_{armId}.png");

    string SweepFolder(string sweep) => Path.Combine(options.Value.Root, "sweeps", sweep);

    public string LogsFolder(string experimentKey) => Path.Combine(ArmFolder(experimentKey), "logs");

    /// <summary>
    /// Writes the arm's job with its output redirected into the arm folder: ai-toolkit saves to
    /// <c>&lt;training_folder&gt;/&lt;name&gt;</c>, so training_folder becomes the sweep folder and name the arm id.
    /// </summary>
    public string WriteJob(string experimentKey, string jobYaml)
    {
        var (_, armId) = ExperimentKeys.Parse(experimentKey);
        string armFolder = ArmFolder(experimentKey);
        var job = JobDocument.Parse(jobYaml, experimentKey);
        job.Set(ManagedJobKeys.TrainingFolder, YamlScalars.Text(Path.GetDirectoryName(armFolder)!));
        job.Set(ManagedJobKeys.Name, YamlScalars.Text(armId));
        string path = Path.Combine(armFolder, "job.yaml");
        AtomicFile.WriteAllText(path, job.ToYaml());
        return path;
    }
}
