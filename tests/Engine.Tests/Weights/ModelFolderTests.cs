using TorchSharp;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.ModelConfigFiles;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Weights;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ModelFolderTests : IDisposable
{
    const string ModelIndex = """
        {
          "_class_name": "ZImagePipeline",
          "_diffusers_version": "0.36.0.dev0",
          "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],
          "text_encoder": ["transformers", "Qwen3Model"],
          "tokenizer": ["transformers", "Qwen2Tokenizer"],
          "transformer": ["diffusers", "ZImageTransformer2DModel"],
          "vae": ["diffusers", "AutoencoderKL"]
        }
        """;

    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-folder-").FullName;
    readonly DisposeScope _scope;

    public ModelFolderTests()
    {
        LibTorchLoader.EnsureLoaded();
        _scope = NewDisposeScope();
        BuildTurboLikeFolder();
    }

    public void Dispose()
    {
        _scope.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The Turbo repo layout with tiny files: a sharded transformer and text encoder, a single-file VAE.</summary>
    void BuildTurboLikeFolder()
    {
        File.WriteAllText(Path.Combine(_dir, "model_index.json"), ModelIndex);
        foreach (string component in new[] { "transformer", "text_encoder", "vae", "tokenizer", "scheduler" })
            Directory.CreateDirectory(Path.Combine(_dir, component));
        File.WriteAllText(Path.Combine(_dir, "transformer", "config.json"), "{\"dim\": 64}");
        TinyCheckpoint.WriteSharded(Path.Combine(_dir, "transformer"), TinyCheckpoint.ReadAll(), shards: 3);
        File.WriteAllText(Path.Combine(_dir, "text_encoder", "config.json"), "{}");
        TinyCheckpoint.WriteSharded(Path.Combine(_dir, "text_encoder"), new Dictionary<string, Tensor> { ["model.norm.weight"] = ones(8) }, shards: 1, baseName: "model");
        File.WriteAllText(Path.Combine(_dir, "vae", "config.json"), "{\"scaling_factor\": 0.3611}");
        SafeTensorsWriter.Save(Path.Combine(_dir, "vae", "diffusion_pytorch_model.safetensors"), new Dictionary<string, Tensor> { ["decoder.conv_out.bias"] = zeros(3) });
        File.WriteAllText(Path.Combine(_dir, "tokenizer", "tokenizer.json"), "{}");
        File.WriteAllText(Path.Combine(_dir, "tokenizer", "tokenizer_config.json"), "{}");
        WriteScheduler("""{"_class_name": "FlowMatchEulerDiscreteScheduler", "num_train_timesteps": 1000, "shift": 3.0, "use_dynamic_shifting": false}""");
    }

    void WriteScheduler(string json) => File.WriteAllText(Path.Combine(_dir, "scheduler", "scheduler_config.json"), json);

    [Fact]
    public void TurboLayout_FindsEveryComponentConfigWeightsTokenizerAndScheduler()
    {
        var folder = ModelFolder.Open(_dir);

        Assert.Equal(("diffusers", "ZImageTransformer2DModel"), folder.Components["transformer"]);
        Assert.True(folder.Transformer.IsSharded);
        Assert.EndsWith("transformer/diffusion_pytorch_model.safetensors.index.json", folder.Transformer.WeightsPath);
        Assert.EndsWith("text_encoder/model.safetensors.index.json", folder.TextEncoder.WeightsPath);
        Assert.False(folder.Vae.IsSharded);
        Assert.Equal(0.3611, folder.Vae.ReadConfig().GetProperty("scaling_factor").GetDouble());
        Assert.EndsWith("tokenizer/tokenizer.json", folder.Tokenizer.TokenizerJson);
        Assert.Null(folder.Tokenizer.Merges);
        Assert.Equal(new SchedulerConfig("FlowMatchEulerDiscreteScheduler", 1000, 3.0, false), folder.Scheduler);
        Assert.True(folder.IsComplete());
        using (WeightSource te = folder.TextEncoder.OpenWeights()) Assert.Equal(["model.norm.weight"], te.Keys);
        using (WeightSource vae = folder.Vae.OpenWeights()) Assert.Equal(["decoder.conv_out.bias"], vae.Keys);
    }

    [Fact]
    public void PipelineFolder_IsDetectedAndOpensItsTransformer()
    {
        Assert.Equal(WeightLayout.DiffusersFolder, TransformerWeights.DetectLayout(_dir));
        using WeightSource fromFolder = TransformerWeights.Open(_dir);
        using WeightSource fromComponent = TransformerWeights.Open(Path.Combine(_dir, "transformer"));
        Assert.Equal(73, fromFolder.Keys.Count);
        Assert.Equal(fromFolder.Keys.Order(), fromComponent.Keys.Order());
    }

    [Fact]
    public void MissingWeights_AreAnErrorNamingTheFileLookedFor()
    {
        foreach (string file in Directory.GetFiles(Path.Combine(_dir, "vae"), "*.safetensors")) File.Delete(file);

        var e = Assert.Throws<ModelFileNotFoundException>(() => ModelFolder.Open(_dir).Vae);

        Assert.Equal(Path.Combine(_dir, "vae", "diffusion_pytorch_model.safetensors"), e.FileName);
        Assert.Contains("model.safetensors.index.json", e.Message);
        Assert.Equal(Path.Combine(_dir, "vae", "diffusion_pytorch_model.safetensors"), ModelFolder.Open(_dir).MissingFile());
    }

    [Fact]
    public void MissingShard_MakesTheFolderIncomplete_AndOpeningNamesIt()
    {
        File.Delete(Path.Combine(_dir, "transformer", "diffusion_pytorch_model-00003-of-00003.safetensors"));
        var folder = ModelFolder.Open(_dir);

        Assert.EndsWith("transformer/diffusion_pytorch_model-00003-of-00003.safetensors", folder.MissingFile());
        var e = Assert.Throws<ModelFileNotFoundException>(() => folder.Transformer.OpenWeights());
        Assert.Contains("diffusion_pytorch_model-00003-of-00003.safetensors", e.Message);
        Assert.Contains("diffusion_pytorch_model.safetensors.index.json", e.Message);
    }

    [Fact]
    public void MissingConfigSchedulerOrModelIndex_AreErrorsNamingTheFile()
    {
        File.Delete(Path.Combine(_dir, "transformer", "config.json"));
        File.Delete(Path.Combine(_dir, "scheduler", "scheduler_config.json"));
        var folder = ModelFolder.Open(_dir);

        Assert.Equal(Path.Combine(_dir, "transformer", "config.json"), Assert.Throws<ModelFileNotFoundException>(() => folder.Transformer).FileName);
        Assert.Equal(folder.SchedulerConfigPath, Assert.Throws<ModelFileNotFoundException>(() => folder.Scheduler).FileName);
        File.Delete(Path.Combine(_dir, "model_index.json"));
        Assert.Contains("model_index.json", Assert.Throws<ModelFileNotFoundException>(() => ModelFolder.Open(_dir)).Message);
    }

    [Fact]
    public void SchedulerConfig_UsesDiffusersDefaults_AndRejectsWrongTypesNamingTheKey()
    {
        WriteScheduler("""{"shift": 6.0}""");
        Assert.Equal(new SchedulerConfig("FlowMatchEulerDiscreteScheduler", 1000, 6.0, false), ModelFolder.Open(_dir).Scheduler);

        WriteScheduler("""{"shift": "3.0"}""");
        var e = Assert.Throws<ModelConfigException>(() => ModelFolder.Open(_dir).Scheduler);
        Assert.Equal("shift", e.Key);

        WriteScheduler("""{"use_dynamic_shifting": 1}""");
        Assert.Equal("use_dynamic_shifting", Assert.Throws<ModelConfigException>(() => ModelFolder.Open(_dir).Scheduler).Key);

        WriteScheduler("""{"shift": -1}""");
        Assert.Equal("shift", Assert.Throws<ModelConfigException>(() => ModelFolder.Open(_dir).Scheduler).Key);
    }

    [Fact]
    public void MalformedModelIndexEntry_IsAnErrorNamingTheComponent()
    {
        File.WriteAllText(Path.Combine(_dir, "model_index.json"), """{"vae": ["diffusers"]}""");
        var e = Assert.Throws<ModelConfigException>(() => ModelFolder.Open(_dir));
        Assert.Equal("vae", e.Key);
    }
}
