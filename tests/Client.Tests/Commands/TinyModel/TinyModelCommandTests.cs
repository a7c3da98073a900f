namespace ZImageSweep.Client.Tests.Commands.TinyModel;

[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class TinyModelCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-cli-tiny-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TinyModel_WritesACompleteFolder_AndListsItsFiles()
    {
        string model = Path.Combine(_dir, "m");
        var result = Zsweep.Run("tiny-model", model, "--seed", "3");

        Assert.Equal(0, result.ExitCode);
        foreach (string file in new[] { "model_index.json", "transformer/config.json", "tokenizer/tokenizer.json", "adapters/zimage_tiny_training_adapter_v2.safetensors" })
        {
            Assert.True(File.Exists(Path.Combine(model, file)), file);
            Assert.Contains(file, result.Output);
        }
        Assert.Contains($"written to {model}", result.Output);
    }

    [Fact]
    public void TinyModel_IntoANonEmptyFolder_FailsUnlessForced()
    {
        File.WriteAllText(Path.Combine(_dir, "keep.txt"), "mine");

        var refused = Zsweep.Run("tiny-model", _dir);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Output);
        Assert.False(File.Exists(Path.Combine(_dir, "model_index.json")));

        var forced = Zsweep.Run("tiny-model", _dir, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.True(File.Exists(Path.Combine(_dir, "model_index.json")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_dir, "keep.txt")));
    }
}
