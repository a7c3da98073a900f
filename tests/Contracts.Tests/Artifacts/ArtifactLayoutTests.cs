using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Tests.Artifacts;

/// <summary>The artifact tree every reader of it (demo, logs, web page, worker host) relies on.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ArtifactLayoutTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("zsweep-artifacts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ArmPaths_LieUnderSweepsSweepArm()
    {
        var layout = new ArtifactLayout(_root);
        string arm = Path.Combine(_root, "sweeps", "lr-sweep", "3f2a9c1b");

        Assert.Equal(new TrainingOutput(arm, "3f2a9c1b"), layout.Arm("lr-sweep", "3f2a9c1b"));
        Assert.Equal(Path.Combine(arm, "job.yaml"), layout.JobPath("lr-sweep", "3f2a9c1b"));
        Assert.Equal(Path.Combine(arm, "logs", "worker.log"), layout.WorkerLogPath("lr-sweep", "3f2a9c1b"));
    }

    [Fact]
    public void SlotLogs_LieUnderSlotsSiloGpu()
    {
        var layout = new ArtifactLayout(_root);

        Assert.Equal(Path.Combine(_root, "slots", "silo-a", "1", "worker.log"), layout.SlotLogPath("silo-a", 1));
    }

    [Fact]
    public void Grids_LieInTheSweepsGridsFolder()
    {
        var layout = new ArtifactLayout(_root);
        string grids = Path.Combine(_root, "sweeps", "lr-sweep", "grids");

        Assert.Equal(Path.Combine(grids, "step_000000250.png"), layout.GridPath("lr-sweep", 250));
        Assert.Equal(Path.Combine(grids, "arm_3f2a9c1b.png"), layout.StripPath("lr-sweep", "3f2a9c1b"));
    }

    [Fact]
    public void WriteJob_PointsTheJobsOutputAtTheArmFolder()
    {
        var layout = new ArtifactLayout(_root);

        string path = layout.WriteJob("lr-sweep", "3f2a9c1b", """
            job: extension
            config:
              name: anything
              process:
                - type: diffusion_trainer
                  training_folder: /elsewhere
                  model:
                    arch: "zimage:turbo"
                    name_or_path: Tongyi-MAI/Z-Image-Turbo
                  datasets:
                    - folder_path: /data/person
            """);

        Assert.Equal(layout.JobPath("lr-sweep", "3f2a9c1b"), path);
        Assert.Equal(layout.Arm("lr-sweep", "3f2a9c1b"), TrainingOutput.Of(JobDocument.Load(path).Bind()));
    }
}
