using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training.Checkpoints;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class CheckpointStoreTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("zsweep-ckpt-").FullName;

    public CheckpointStoreTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static TrainingCheckpoint Checkpoint(int step)
    {
        var generator = new Generator((ulong)step);
        return new TrainingCheckpoint(
            step,
            new DataPosition(Epoch: step / 10, BatchInEpoch: step % 10),
            new Dictionary<string, Tensor> { ["diffusion_model.layers.0.attention.to_q.lora_A.weight"] = randn([4, 8], generator: generator) },
            new Dictionary<string, Tensor> { ["step"] = tensor(new[] { (long)step }) },
            new Dictionary<string, Tensor> { ["noise"] = generator.get_state() },
            new Dictionary<string, string> { ["training_info"] = $"{{\"step\": {step}, \"epoch\": 0}}" });
    }

    [Fact]
    public void SaveThenLoad_RestoresEveryPart()
    {
        var store = new CheckpointStore(_root, "my_lora", maxStepSavesToKeep: 4);
        var original = Checkpoint(250);
        SavedCheckpoint saved = store.Save(original);

        Assert.Equal(Path.Combine(_root, "my_lora_000000250.safetensors"), saved.LoraPath);
        TrainingCheckpoint loaded = store.Load(store.FindLatestComplete()!);
        Assert.Equal(250, loaded.Step);
        Assert.Equal(original.Data, loaded.Data);
        foreach (var (key, t) in original.Lora) Assert.True(t.eq(loaded.Lora[key]).all().item<bool>());
        Assert.True(original.GeneratorStates["noise"].eq(loaded.GeneratorStates["noise"]).all().item<bool>());
        Assert.Equal(250L, loaded.OptimizerState["step"].item<long>());
        Assert.Equal("{\"step\": 250, \"epoch\": 0}", loaded.LoraMetadata["training_info"]);
        Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void FindLatestComplete_SkipsADamagedLoraFileAndSaysWhy()
    {
        var store = new CheckpointStore(_root, "job", maxStepSavesToKeep: 0);
        store.Save(Checkpoint(10));
        SavedCheckpoint newest = store.Save(Checkpoint(20));
        byte[] bytes = File.ReadAllBytes(newest.LoraPath);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(newest.LoraPath, bytes);

        var rejected = new List<string>();
        SavedCheckpoint? latest = store.FindLatestComplete(rejected.Add);

        Assert.Equal(10, latest!.Step);
        Assert.Single(rejected);
        Assert.Contains("job_000000020.safetensors", rejected[0]);
    }

    [Fact]
    public void FindLatestComplete_IgnoresALoraFileWithoutItsStateFile()
    {
        var store = new CheckpointStore(_root, "job", maxStepSavesToKeep: 0);
        store.Save(Checkpoint(10));
        File.Copy(store.LoraPath(10), store.LoraPath(20)); // as if the process died between the two writes

        Assert.Equal(10, store.FindLatestComplete()!.Step);
    }

    [Fact]
    public void Retention_KeepsOnlyTheNewestStepSaves()
    {
        var store = new CheckpointStore(_root, "job", maxStepSavesToKeep: 2);
        foreach (int step in new[] { 10, 20, 30, 40 }) store.Save(Checkpoint(step));

        var kept = Directory.GetFiles(_root, "job_*.safetensors").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(["job_000000030.safetensors", "job_000000040.safetensors"], kept);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_root, ".state")).Length);
    }

    [Fact]
    public void FindLatestComplete_OnAnEmptyFolderIsNull() =>
        Assert.Null(new CheckpointStore(_root, "job", 4).FindLatestComplete());
}
