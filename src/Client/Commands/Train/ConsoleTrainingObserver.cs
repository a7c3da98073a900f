using Spectre.Console;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Checkpoints;

namespace ZImageSweep.Client.Commands.Train;

/// <summary>Training progress for people: one line per logged step with loss, learning rate, speed and ETA.</summary>
public sealed class ConsoleTrainingObserver(IAnsiConsole console) : ITrainingObserver
{
    const int LogEvery = 10;
    double _smoothedSeconds;

    public void Started(int startStep, int totalSteps, bool resumed) =>
        console.MarkupLine(resumed ? $"resuming at step {startStep} of {totalSteps}" : $"training {totalSteps} steps");

    public void Step(StepReport r)
    {
        _smoothedSeconds = _smoothedSeconds == 0 ? r.StepSeconds : 0.9 * _smoothedSeconds + 0.1 * r.StepSeconds;
        if (r.Step % LogEvery != 0 && r.Step != r.TotalSteps) return;
        var eta = TimeSpan.FromSeconds(_smoothedSeconds * (r.TotalSteps - r.Step));
        string preservation = r.PreservationLoss is double p ? $" (preservation {p:F4})" : "";
        console.MarkupLine($"step {r.Step,6}/{r.TotalSteps}  loss {r.Loss:F4}{preservation}  lr {r.LearningRate:E2}  {1 / Math.Max(_smoothedSeconds, 1e-9):F2} it/s  ETA {eta:hh\\:mm\\:ss}");
    }

    public void CheckpointSaved(SavedCheckpoint c) => console.MarkupLine($"[grey]checkpoint step {c.Step}: {Markup.Escape(c.LoraPath)}[/]");

    public void SamplesWritten(int step, IReadOnlyList<SampleImage> images) =>
        console.MarkupLine($"[grey]{images.Count} sample(s) at step {step} in {Markup.Escape(Path.GetDirectoryName(images.FirstOrDefault()?.Path) ?? "-")}[/]");

    public void Validated(ValidationReport r) =>
        console.MarkupLine($"validation step {r.Step}: loss {Format(r.ValidationLoss)}  turbo drift {Format(r.TurboDrift)}  trigger leakage {Format(r.TriggerLeakage)}");

    static string Format(double? value) => value is double v ? v.ToString("F4") : "-";

    public void Message(string text) => console.MarkupLine($"[grey]{Markup.Escape(text)}[/]");

    public void Finished(string finalLoraPath) => console.MarkupLine($"final LoRA: {Markup.Escape(finalLoraPath)}");
}
