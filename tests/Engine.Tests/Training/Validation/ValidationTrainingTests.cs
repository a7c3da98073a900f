using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Data;
using ZImageSweep.Engine.Training.Validation;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training.Validation;

[Trait(Tier.Name, Tier.Integration)]
public sealed class ValidationTrainingTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    static readonly ValidationSampling Small = new(Width: 32, Height: 32, Steps: 2);

    RecordingObserver Train(TrainerOptions options, ZImageLora? adapter = null, int? stopAt = null)
    {
        var control = new TrainingControl();
        var observer = new RecordingObserver(report => { if (report.Step == stopAt) control.RequestStop(); });
        using var pipeline = fixture.LoadPipeline();
        new ZImageTrainer(options, ZImageModelSet.From(pipeline, adapter), observer, control).Run();
        return observer;
    }

    /// <summary>Two captioned images outside the training dataset, written once per fixture.</summary>
    string HeldOutFolder()
    {
        string folder = Path.Combine(fixture.Root, "heldout");
        if (Directory.Exists(folder)) return folder;
        Directory.CreateDirectory(folder);
        var generator = new Generator(21);
        for (int i = 0; i < 2; i++)
        {
            using var scope = NewDisposeScope();
            var image = nn.functional.interpolate(rand([1, 3, 4, 4], generator: generator), size: [64, 64], mode: InterpolationMode.Bilinear, align_corners: false)[0];
            ImageFile.Save(image, Path.Combine(folder, $"held{i}.png"));
            File.WriteAllText(Path.Combine(folder, $"held{i}.txt"), $"a [trigger] held-out field {i}");
        }
        return folder;
    }

    [Fact]
    public void TurboRunWithHoldout_ReportsOneFiniteValidationPerCheckpoint()
    {
        var options = fixture.Options("validated-turbo", 4) with
        {
            SaveEvery = 2,
            Validation = new ValidationOptions { Holdout = 1, Resolution = 64, Sampling = Small, DriftPrompts = ["a [trigger] colour field"], LeakagePrompts = ["a plain photo"] },
        };
        using var adapter = ZImageLora.Read(fixture.Model.Adapter("v1"));

        var run = Train(options, adapter);

        Assert.Equal(run.Checkpoints.Select(c => c.Step), run.Validations.Select(v => v.Step));
        Assert.Equal([2, 4], run.Validations.Select(v => v.Step));
        Assert.All(run.Validations, v =>
        {
            Assert.True(v.ValidationLoss is double loss && double.IsFinite(loss) && loss > 0, $"step {v.Step}: loss {v.ValidationLoss}");
            Assert.True(v.TurboDrift is double drift && double.IsFinite(drift) && drift >= 0, $"step {v.Step}: drift {v.TurboDrift}");
            Assert.True(v.TriggerLeakage is double leak && double.IsFinite(leak) && leak > 0, $"step {v.Step}: leakage {v.TriggerLeakage}");
        });
        Assert.Contains(run.Messages, m => m.StartsWith("validation: 1 held-out images at 64 px", StringComparison.Ordinal));
    }

    [Fact]
    public void HeldOutImages_NeverReachATrainingBatch()
    {
        var options = fixture.Options("holdout", 1) with { Validation = new ValidationOptions { Holdout = 2, Resolution = 64, Seed = 5, TurboDrift = false, TriggerLeakage = false } };
        var all = DatasetScanner.Scan(fixture.Dataset, ".txt", null);
        var heldOut = HoldoutSplit.Apply([all], 2, seed: 5).HeldOut.Select(h => h.Image.Path).ToList();
        using var pipeline = fixture.LoadPipeline();

        using var session = TrainingSession.Prepare(options, ZImageModelSet.From(pipeline, null), new RecordingObserver());

        Assert.Equal(2, heldOut.Count);
        var trained = session.Examples.Select(e => e.ImagePath).ToHashSet();
        Assert.Equal(all.Select(i => i.Path).Except(heldOut).Order(), trained.Order());
        var batched = session.Planner.From(0, 0).Take(3 * session.Planner.BatchesPerEpoch).SelectMany(b => b.Batch).Select(i => session.Examples[i].ImagePath);
        Assert.DoesNotContain(batched, heldOut.Contains);
    }

    [Fact]
    public void Validation_LeavesTheTrajectoryAlone_AndAResumedRunReportsTheSameValues()
    {
        var plain = fixture.Options("unvalidated", 4) with { SaveEvery = 2 };
        var validated = plain with
        {
            Name = "validated",
            OutputFolder = Path.Combine(fixture.Root, "runs", "validated"),
            Validation = new ValidationOptions { FolderPath = HeldOutFolder(), Resolution = 64, Sampling = Small, LeakagePrompts = ["a plain photo"] },
        };
        var resumed = validated with { Name = "resumed", OutputFolder = Path.Combine(fixture.Root, "runs", "resumed") };

        Train(plain);
        var straight = Train(validated);
        var firstHalf = Train(resumed, stopAt: 2);
        var secondHalf = Train(resumed);

        // The validation draws only from its own generators: the LoRA trained with it is bit-identical.
        using (var a = SafeTensorsFile.Open(Path.Combine(plain.OutputFolder, ".state", "unvalidated_000000004.safetensors")))
        using (var b = SafeTensorsFile.Open(Path.Combine(validated.OutputFolder, ".state", "validated_000000004.safetensors")))
            foreach (string key in a.Keys.Where(k => k.StartsWith("parameter.", StringComparison.Ordinal)))
                Assert.True(a.Read(key).eq(b.Read(key)).all().item<bool>(), $"{key} differs when validating");

        // No training adapter: no drift score; the other two are there.
        Assert.All(straight.Validations, v => Assert.Null(v.TurboDrift));
        Assert.All(straight.Validations, v => Assert.True(v.ValidationLoss > 0 && v.TriggerLeakage >= 0));
        // Held-out latents, noise and base latents are rebuilt after the resume from the same seeds: the same numbers,
        // item by item, in each run's own validation/ folder.
        List<ValidationReport> resumedValidations = [.. firstHalf.Validations, .. secondHalf.Validations];
        Assert.Equal(straight.Validations.Select(v => v with { ItemsPath = null }), resumedValidations.Select(v => v with { ItemsPath = null }));
        Assert.Equal([ValidationItems.PathFor(validated.OutputFolder, 2), ValidationItems.PathFor(validated.OutputFolder, 4)], straight.Validations.Select(v => v.ItemsPath));
        Assert.Equal(straight.Validations.Select(ItemValues), resumedValidations.Select(ItemValues));
        var items = ValidationItems.Read(straight.Validations[^1].ItemsPath!);
        Assert.Equal(straight.Validations[^1].ValidationLoss!.Value, items.ValidationLoss.Values.Average(), 1e-12);
        Assert.Equal(straight.Validations[^1].TriggerLeakage!.Value, items.TriggerLeakage.Values.Average(), 1e-12);
        Assert.Empty(items.TurboDrift);
    }

    /// <summary>Every item of a report's file, as "signal/key=value" lines in a fixed order.</summary>
    static string ItemValues(ValidationReport report)
    {
        var items = ValidationItems.Read(report.ItemsPath!);
        var lines = new[] { ("loss", items.ValidationLoss), ("drift", items.TurboDrift), ("leakage", items.TriggerLeakage) }
            .SelectMany(s => s.Item2.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{s.Item1}/{p.Key}={p.Value:R}"));
        return string.Join("\n", lines);
    }
}
