using ZImageSweep.Engine.Hub;

namespace ZImageSweep.Engine.Tests.Hub;

[Trait(Tier.Name, Tier.Unit)]
public sealed class HubSettingsTests : IDisposable
{
    readonly string _home = Directory.CreateTempSubdirectory("zsweep-hfhome-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    static Func<string, string?> Env(Dictionary<string, string> variables) => name => variables.GetValueOrDefault(name);

    [Fact]
    public void CacheDirectory_PrefersHF_HUB_CACHE_ThenHF_HOME_ThenXdgCache()
    {
        Assert.Equal("/data/hub", HubSettings.FromEnvironment(Env(new() { ["HF_HUB_CACHE"] = "/data/hub", ["HF_HOME"] = _home })).CacheDirectory);
        Assert.Equal(Path.Combine(_home, "hub"), HubSettings.FromEnvironment(Env(new() { ["HF_HOME"] = _home })).CacheDirectory);
        Assert.Equal("/xdg/huggingface/hub", HubSettings.FromEnvironment(Env(new() { ["XDG_CACHE_HOME"] = "/xdg" })).CacheDirectory);
    }

    [Fact]
    public void EndpointTokenAndOffline_ComeFromTheirVariables()
    {
        var settings = HubSettings.FromEnvironment(Env(new()
        {
            ["HF_HOME"] = _home, ["HF_ENDPOINT"] = "http://127.0.0.1:9999/mirror", ["HF_TOKEN"] = "hf_abc", ["HF_HUB_OFFLINE"] = "1",
        }));
        Assert.Equal("http://127.0.0.1:9999/mirror/", settings.Endpoint.ToString());
        Assert.Equal("hf_abc", settings.Token);
        Assert.True(settings.Offline);

        var defaults = HubSettings.FromEnvironment(Env(new() { ["HF_HOME"] = _home }));
        Assert.Equal("https://huggingface.co/", defaults.Endpoint.ToString());
        Assert.Null(defaults.Token);
        Assert.False(defaults.Offline);
        Assert.False(HubSettings.FromEnvironment(Env(new() { ["HF_HOME"] = _home, ["HF_HUB_OFFLINE"] = "0" })).Offline);
        Assert.True(HubSettings.FromEnvironment(Env(new() { ["HF_HOME"] = _home, ["HF_HUB_OFFLINE"] = "true" })).Offline);
    }

    [Fact]
    public void Token_FallsBackToTheTokenFileThatHfAuthLoginWrites()
    {
        File.WriteAllText(Path.Combine(_home, "token"), "hf_from_file\n");
        Assert.Equal("hf_from_file", HubSettings.FromEnvironment(Env(new() { ["HF_HOME"] = _home })).Token);
        Assert.Equal("hf_env", HubSettings.FromEnvironment(Env(new() { ["HF_HOME"] = _home, ["HF_TOKEN"] = "hf_env" })).Token);
    }

    [Theory]
    [InlineData("Tongyi-MAI/Z-Image-Turbo", "Tongyi-MAI/Z-Image-Turbo", "main", null)]
    [InlineData("ostris/zimage_turbo_training_adapter/zimage_turbo_training_adapter_v2.safetensors", "ostris/zimage_turbo_training_adapter", "main", "zimage_turbo_training_adapter_v2.safetensors")]
    [InlineData("Comfy-Org/z_image_turbo/split_files/diffusion_models/z_image_turbo_bf16.safetensors", "Comfy-Org/z_image_turbo", "main", "split_files/diffusion_models/z_image_turbo_bf16.safetensors")]
    [InlineData("org/repo@v1.0/file.json", "org/repo", "v1.0", "file.json")]
    public void HubNames_Parse(string name, string repo, string revision, string? file)
    {
        Assert.Equal(new HubReference(repo, revision, file), HubReference.TryParse(name));
    }

    [Theory]
    [InlineData("/abs/path/model.safetensors")]
    [InlineData("./relative/model")]
    [InlineData("~/models/x")]
    [InlineData("model.safetensors")]
    [InlineData("org/repo/../escape")]
    [InlineData("org/repo//file")]
    [InlineData("org/re po")]
    [InlineData("C:\\models\\x")]
    public void PathsAndUnsafeNames_AreNotHubNames(string name) => Assert.Null(HubReference.TryParse(name));

    [Fact]
    public void PipelineFiles_KeepModelIndexAndComponentConfigsWeightsAndTokenizer()
    {
        string[] files =
        [
            "model_index.json", "README.md", ".gitattributes", "assets/a.jpg", "scheduler/scheduler_config.json",
            "transformer/config.json", "transformer/diffusion_pytorch_model-00001-of-00002.safetensors",
            "transformer/diffusion_pytorch_model.safetensors.index.json", "transformer/diffusion_pytorch_model.bin",
            "tokenizer/merges.txt", "tokenizer/tokenizer.json", "unlisted/config.json",
        ];
        Assert.Equal(
            ["model_index.json", "scheduler/scheduler_config.json", "tokenizer/merges.txt", "tokenizer/tokenizer.json", "transformer/config.json",
             "transformer/diffusion_pytorch_model-00001-of-00002.safetensors", "transformer/diffusion_pytorch_model.safetensors.index.json"],
            PipelineFiles.Select(files, ["scheduler", "tokenizer", "transformer"]));
        Assert.Equal(["model_index.json"], PipelineFiles.Select(files, null));
    }
}
