using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.TinyModels;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Checkpoints;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

/// <summary>A tiny model folder and a small generated dataset, written once per test class.</summary>
public sealed class TrainingFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("zsweep-train-").FullName;
    public TinyModelFolder Model { get; }
    public string Dataset => Path.Combine(Root, "dataset");

    public TrainingFixture()
    {
        LibTorchLoader.EnsureLoaded();
        Model = TinyModelWriter.Write(Path.Combine(Root, "model"), seed: 0);
        Directory.CreateDirectory(Dataset);
        var generator = new Generator(7);
        for (int i = 0; i < 4; i++)
        {
            // Smooth colour fields (low-frequency noise, upsampled) that a tiny model can learn something from.
            using var scope = NewDisposeScope();
            var coarse = rand([1, 3, 4, 4], generator: generator);
            var image = nn.functional.interpolate(coarse, size: [64, 64], mode: InterpolationMode.Bilinear, align_corners: false)[0];
            ImageFile.Save(image, Path.Combine(Dataset, $"img{i}.png"));
            File.WriteAllText(Path.Combine(Dataset, $"img{i}.txt"), $"a [trigger] colour field number {i}");
        }
    }

    public ZImagePipeline LoadPipeline() => ZImagePipeline.Load(new ZImagePipelineOptions { Model = Model.Directory });

    public TrainerOptions Options(string name, int steps) => new()
    {
        Name = name,
        OutputFolder = Path.Combine(Root, "runs", name),
        Datasets = [new DatasetOptions(Dataset, Resolutions: [64], CaptionDropoutRate: 0.2)],
        TriggerWord = "zfield",
        Rank = 4,
        Steps = steps,
        LearningRate = 1e-3,
        SaveEvery = 20,
        Seed = 1234,
        SaveDtype = ScalarType.BFloat16,
    };

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>Records everything the trainer reports.</summary>
public sealed class RecordingObserver(Action<StepReport>? onStep = null) : ITrainingObserver
{
    public List<StepReport> Steps { get; } = [];
    public List<SavedCheckpoint> Checkpoints { get; } = [];
    public List<SampleImage> Samples { get; } = [];
    public List<ValidationReport> Validations { get; } = [];
    public List<string> Messages { get; } = [];
    public string? Final { get; private set; }
    public bool Resumed { get; private set; }

    public void Started(int startStep, int totalSteps, bool resumed) => Resumed = resumed;
    public void Step(StepReport report) { Steps.Add(report); onStep?.Invoke(report); }
    public void CheckpointSaved(SavedCheckpoint checkpoint) => Checkpoints.Add(checkpoint);
    public void SamplesWritten(int step, IReadOnlyList<SampleImage> images) => Samples.AddRange(images);
    public void Validated(ValidationReport report) => Validations.Add(report);
    public void Message(string text) => Messages.Add(text);
    public void Finished(string finalLoraPath) => Final = finalLoraPath;
}
