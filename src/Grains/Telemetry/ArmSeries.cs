using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Telemetry;

/// <summary>
/// One arm training on this silo, as <see cref="SweepMetrics"/> sees it: its labels, how many images one step
/// processes, and its last step, loss and learning rate. The trainer grain writes while the exporter reads on
/// another thread, so the last values are one immutable record swapped whole.
/// </summary>
internal sealed class ArmSeries(KeyValuePair<string, object?>[] tags, int imagesPerStep)
{
    volatile Progress _last = new(null, null, null);

    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    public int ImagesPerStep { get; } = imagesPerStep;

    public double? Step => _last.Step;
    public double? Loss => _last.Loss;
    public double? LearningRate => _last.LearningRate;

    public void Started(long step) => _last = _last with { Step = step };

    public void Stepped(long step, double? loss, double? learningRate) => _last = new(step, loss, learningRate);

    public static ArmSeries For(TrainerAssignment assignment, string silo)
    {
        var (sweep, arm) = ExperimentKeys.Parse(assignment.ExperimentKey);
        // The sweep grain validated the job before any worker ran, so it binds here.
        var train = JobDocument.Parse(assignment.JobYaml, $"experiment {assignment.ExperimentKey}").Bind().Process.Train;
        return new([new("sweep", sweep), new("arm", arm), new("silo", silo)], train.BatchSize * train.GradientAccumulation);
    }

    sealed record Progress(double? Step, double? Loss, double? LearningRate);
}
