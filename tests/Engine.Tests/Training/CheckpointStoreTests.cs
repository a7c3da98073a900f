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

    static readonly Dictionary<string, string> Job = new() { ["train.lr"] = "0.0001", ["network.linear"] = "16" };

    CheckpointStore Store(string name, int maxStepSavesToKeep, IReadOnlyDictionary<string, string>? job = null) =>
        new(_root, name, maxStepSavesToKeep, job ?? Job);

    static void FlipLastByte(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

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
        var store = Store("my_lora", maxStepSavesToKeep: 4);
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
    public void CommittedCheckpoint_RecordsTheRunThatCommittedIt_AndLeavesNoStagedFiles()
    {
        var store = Store("fenced", maxStepSavesToKeep: 4);

        SavedCheckpoint saved = store.Commit(store.Stage(Checkpoint(12), run: "run-7"));

        Assert.Equal("run-7", store.RecordOf(12)!.Run);
        Assert.Equal(saved.Step, store.FindLatestComplete()!.Step);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, ".state", "staging")));
    }

    [Fact]
    public void DiscardedCheckpoint_IsNeverResumedFrom_AndLeavesNoFiles()
    {
        var store = Store("refused", maxStepSavesToKeep: 4);
        store.Commit(store.Stage(Checkpoint(10), run: "owner"));

        var staged = store.Stage(Checkpoint(20), run: "superseded");
        CheckpointStore.Discard(staged);

        Assert.Equal(10, store.FindLatestComplete()!.Step);
        Assert.Null(store.RecordOf(20));
        Assert.False(File.Exists(store.LoraPath(20)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, ".state", "staging")));
    }

    [Fact]
    public void StagedButUncommittedCheckpoint_IsInvisibleToResume()
    {
        var store = Store("pending", maxStepSavesToKeep: 4);
        store.Save(Checkpoint(10));

        store.Stage(Checkpoint(20), run: "asking");

        Assert.Equal(10, store.FindLatestComplete()!.Step);
    }

    [Fact]
    public void FindLatestComplete_SkipsADamagedLoraFileAndSaysWhy()
    {
        var store = Store("job", maxStepSavesToKeep: 0);
        store.Save(Checkpoint(10));
        SavedCheckpoint newest = store.Save(Checkpoint(20));
        FlipLastByte(newest.LoraPath);

        var rejected = new List<string>();
        SavedCheckpoint? latest = store.FindLatestComplete(rejected.Add);

        Assert.Equal(10, latest!.Step);
        Assert.Single(rejected);
        Assert.Contains("job_000000020.safetensors", rejected[0]);
    }

    [Fact]
    public void FindLatestComplete_SkipsADamagedStateFileAndSaysWhy()
    {
        var store = Store("job", maxStepSavesToKeep: 0);
        store.Save(Checkpoint(10));
        SavedCheckpoint newest = store.Save(Checkpoint(20));
        FlipLastByte(newest.StatePath); // inside the tensor data: the file still parses, only its hash tells

        var rejected = new List<string>();
        SavedCheckpoint? latest = store.FindLatestComplete(rejected.Add);

        Assert.Equal(10, latest!.Step);
        Assert.Equal(new DataPosition(1, 0), store.Load(latest).Data); // step 10's state is the one resumed
        Assert.Contains(Path.Combine(".state", "job_000000020.safetensors"), Assert.Single(rejected));
        Assert.Contains("SHA-256", rejected[0]);
    }

    [Fact]
    public void FindLatestComplete_RefusesACheckpointOfAJobWithOtherTrainingKeys_NamingThem()
    {
        Store("job", maxStepSavesToKeep: 0).Save(Checkpoint(10));
        var changed = new Dictionary<string, string>(Job) { ["train.lr"] = "0.0002" };

        var e = Assert.Throws<CheckpointMismatchException>(() => Store("job", 0, changed).FindLatestComplete());

        Assert.Equal(["train.lr: 0.0001 → 0.0002"], e.Differences);
        Assert.Contains("--restart", e.Message);
        Assert.Contains("training_folder", e.Message);
    }

    [Fact]
    public void DeleteAll_LeavesNothingToResume()
    {
        var store = Store("job", maxStepSavesToKeep: 0);
        store.Save(Checkpoint(10));
        store.Save(Checkpoint(20));

        store.DeleteAll();

        Assert.Null(store.FindLatestComplete());
        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void FindLatestComplete_IgnoresALoraFileWithoutItsStateFile()
    {
        var store = Store("job", maxStepSavesToKeep: 0);
        store.Save(Checkpoint(10));
        File.Copy(store.LoraPath(10), store.LoraPath(20)); // as if the process died between the two writes

        Assert.Equal(10, store.FindLatestComplete()!.Step);
    }

    [Fact]
    public void Retention_KeepsOnlyTheNewestStepSaves()
    {
        var store = Store("job", maxStepSavesToKeep: 2);
        foreach (int step in new[] { 10, 20, 30, 40 }) store.Save(Checkpoint(step));

        var kept = Directory.GetFiles(_root, "job_*.safetensors").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(["job_000000030.safetensors", "job_000000040.safetensors"], kept);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(_root, ".state")).Length); // state file and record of each
    }

    [Fact]
    public void FindLatestComplete_OnAnEmptyFolderIsNull() =>
        Assert.Null(Store("job", 4).FindLatestComplete());
}
