using System.Diagnostics;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Pipelines;

/// <summary>End-to-end sampling on the tiny model, CPU fp32.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ZImagePipelineTests(TinyModelFixture tiny, ITestOutputHelper output) : IClassFixture<TinyModelFixture>
{
    ZImagePipeline Load(bool releaseTextEncoder = false) =>
        ZImagePipeline.Load(new ZImagePipelineOptions { Model = tiny.Model.Directory, ReleaseTextEncoder = releaseTextEncoder });

    static ZImageGenerationRequest Turbo(params string[] prompts) => new()
    {
        Prompts = prompts, Width = 32, Height = 48, Steps = 2, Seed = 5,
    };

    static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void TurboTwoSteps_GivesOneImageOfTheRequestedSizePerPrompt()
    {
        using var scope = NewDisposeScope();
        using ZImagePipeline pipeline = Load();
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Tensor> images = pipeline.Generate(Turbo("a photo of a cat", "a red car in the snow"));
        output.WriteLine($"2 prompts x 2 steps at 32x48: {clock.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(2, images.Count);
        foreach (Tensor image in images)
        {
            Assert.Equal([3L, 48, 32], image.shape);
            Assert.Equal(ScalarType.Float32, image.dtype);
            Assert.InRange(image.min().item<float>(), 0f, 1f);
            Assert.InRange(image.max().item<float>(), 0f, 1f);
            Assert.True(image.std().item<float>() > 1e-3, "the image is constant");
        }
        Assert.False(Identical(images[0], images[1]), "different prompts gave the same image");
        Assert.Equal(3.0, pipeline.Scheduler.Shift);
    }

    [Fact]
    public void CfgThreeSteps_WithANegativePrompt_GivesImagesOfTheRequestedSize_ThatDifferFromUnguidedOnes()
    {
        using var scope = NewDisposeScope();
        using ZImagePipeline pipeline = Load();
        var request = Turbo("a house in the mountains") with { Steps = 3, Width = 64, Height = 32 };
        var clock = Stopwatch.StartNew();
        Tensor guided = pipeline.Generate(request with { Guidance = 4, NegativePrompt = "blurry" })[0];
        output.WriteLine($"1 prompt x 3 CFG steps at 64x32: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Tensor unguided = pipeline.Generate(request)[0];

        Assert.Equal([3L, 32, 64], guided.shape);
        Assert.False(Identical(guided, unguided));
    }

    [Fact]
    public void SameRequestTwice_GivesTheSameImage_AndAnotherSeedAnotherImage()
    {
        using var scope = NewDisposeScope();
        using ZImagePipeline pipeline = Load();
        Tensor a = pipeline.Generate(Turbo("a dog on the beach"))[0];
        Tensor b = pipeline.Generate(Turbo("a dog on the beach"))[0];
        Tensor c = pipeline.Generate(Turbo("a dog on the beach") with { Seed = 6 })[0];

        Assert.True(Identical(a, b));
        Assert.False(Identical(a, c));
    }

    [Fact]
    public void LoraAtWeightZero_ReproducesTheBaseExactly_WeightOneChangesIt_AndTheModelIsUnchangedAfterwards()
    {
        using var scope = NewDisposeScope();
        using ZImagePipeline pipeline = Load();
        var before = pipeline.Transformer.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        string adapter = tiny.Model.Adapter("v1");

        Tensor baseImage = pipeline.Generate(Turbo("a bird on a branch"))[0];
        Tensor zero = pipeline.Generate(Turbo("a bird on a branch") with { Loras = [new LoraSpec(adapter, 0.0)] })[0];
        Tensor one = pipeline.Generate(Turbo("a bird on a branch") with { Loras = [new LoraSpec(adapter, 1.0)] })[0];
        Tensor two = pipeline.Generate(Turbo("a bird on a branch") with { Loras = [new LoraSpec(adapter, 1.0), new LoraSpec(tiny.Model.Adapter("v2"), 0.5)] })[0];
        Tensor again = pipeline.Generate(Turbo("a bird on a branch"))[0];

        Assert.True(Identical(baseImage, zero), "weight 0 changed the image");
        Assert.False(Identical(baseImage, one), "weight 1 left the image unchanged");
        Assert.False(Identical(one, two));
        Assert.True(Identical(baseImage, again), "the base image changed after LoRA runs");
        foreach (var (key, value) in pipeline.Transformer.state_dict())
            Assert.True(Identical(before[key], value), $"{key} changed");
    }

    [Fact]
    public void ALoraThatDoesNotFit_FailsNamingTheFile_AndLeavesTheModelUnchanged()
    {
        using var scope = NewDisposeScope();
        using ZImagePipeline pipeline = Load();
        var before = pipeline.Transformer.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        string bad = Path.Combine(tiny.NewFolder(), "wrong_rank_shape.safetensors");
        SafeTensorsWriter.Save(bad, new Dictionary<string, Tensor>
        {
            ["diffusion_model.layers.0.attention.to_q.lora_A.weight"] = zeros(4, 65),
            ["diffusion_model.layers.0.attention.to_q.lora_B.weight"] = zeros(64, 4),
        });
        var request = Turbo("a cat") with { Loras = [new LoraSpec(tiny.Model.Adapter("v1")), new LoraSpec(bad)] };

        var e = Assert.Throws<LoraFormatException>(() => pipeline.Generate(request));
        Assert.Contains("wrong_rank_shape.safetensors", e.Message);
        foreach (var (key, value) in pipeline.Transformer.state_dict())
            Assert.True(Identical(before[key], value), $"{key} changed");
    }

    [Fact]
    public void MissingLora_FailsNamingThePath()
    {
        using ZImagePipeline pipeline = Load();
        string missing = Path.Combine(tiny.NewFolder(), "nope.safetensors");
        var e = Assert.Throws<ModelFileNotFoundException>(() => pipeline.Generate(Turbo("a cat") with { Loras = [new LoraSpec(missing)] }));
        Assert.Contains(missing, e.Message);
    }

    [Theory]
    [InlineData(100, 48, "width 100")]
    [InlineData(32, 40, "height 40")]
    public void ImageSideNotAMultipleOf16_FailsBeforeAnyWork(int width, int height, string named)
    {
        using ZImagePipeline pipeline = Load();
        var e = Assert.Throws<ZImageInputException>(() => pipeline.Generate(Turbo("a cat") with { Width = width, Height = height }));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void ReleasedTextEncoder_IsReloadedForTheNextRun_WithTheSameResult()
    {
        using var scope = NewDisposeScope();
        using ZImagePipeline pipeline = Load(releaseTextEncoder: true);
        Tensor first = pipeline.Generate(Turbo("a cup of coffee"))[0];
        Assert.False(pipeline.TextEncoderLoaded);
        Tensor second = pipeline.Generate(Turbo("a cup of coffee"))[0];

        Assert.True(Identical(first, second));
    }

    [Fact]
    public void SingleFileTransformer_WithExtras_SamplesLikeTheWholeFolder()
    {
        // De-Turbo style: the transformer from one file, everything else (and its config.json) from the extras.
        using var scope = NewDisposeScope();
        string file = Path.Combine(tiny.NewFolder(), "transformer_only.safetensors");
        File.Copy(Path.Combine(tiny.Model.Directory, "transformer", "diffusion_pytorch_model.safetensors"), file);
        using ZImagePipeline folder = Load();
        using ZImagePipeline split = ZImagePipeline.Load(new ZImagePipelineOptions { Model = file, Extras = tiny.Model.Directory });

        Assert.Equal(tiny.Model.Transformer, split.Sources.TransformerConfig);
        Assert.True(Identical(folder.Generate(Turbo("a castle"))[0], split.Generate(Turbo("a castle"))[0]));
    }

    [Fact]
    public void SingleFileTransformer_WithoutExtras_FailsNamingTheExtrasOption()
    {
        string file = Path.Combine(tiny.NewFolder(), "transformer_only.safetensors");
        File.Copy(Path.Combine(tiny.Model.Directory, "transformer", "diffusion_pytorch_model.safetensors"), file);

        var e = Assert.Throws<ZImagePipelineException>(() => ZImagePipeline.Load(new ZImagePipelineOptions { Model = file }));
        Assert.Contains("--extras", e.Message);
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void ComfyUiSingleFile_WithExtras_SamplesLikeTheWholeFolder()
    {
        // ostris' De-Turbo file is in ComfyUI layout: prefixed keys, fused qkv, renamed modules.
        using var scope = NewDisposeScope();
        string comfy = Path.Combine(tiny.NewFolder(), "zimage_comfy.safetensors");
        using (var file = SafeTensorsFile.Open(Path.Combine(tiny.Model.Directory, "transformer", "diffusion_pytorch_model.safetensors")))
            SafeTensorsWriter.Save(comfy, ToComfyUi(file.Keys.ToDictionary(k => k, k => file.Read(k))));
        using ZImagePipeline folder = Load();
        using ZImagePipeline split = ZImagePipeline.Load(new ZImagePipelineOptions { Model = comfy, Extras = tiny.Model.Directory });

        Assert.True(Identical(folder.Generate(Turbo("a castle"))[0], split.Generate(Turbo("a castle"))[0]));
    }

    /// <summary>diffusers → ComfyUI keys (docs/model.md#comfyui-keys), written here independently of the Engine's converter.</summary>
    static Dictionary<string, Tensor> ToComfyUi(Dictionary<string, Tensor> diffusers)
    {
        var comfy = new Dictionary<string, Tensor>();
        foreach (var (key, value) in diffusers)
        {
            if (key.Contains(".attention.to_k.") || key.Contains(".attention.to_v.")) continue;
            string k = key.Replace("all_x_embedder.2-1.", "x_embedder.").Replace("all_final_layer.2-1.", "final_layer.")
                .Replace(".attention.to_out.0.", ".attention.out.").Replace(".attention.norm_q.", ".attention.q_norm.")
                .Replace(".attention.norm_k.", ".attention.k_norm.");
            if (key.Contains(".attention.to_q."))
            {
                k = key.Replace(".attention.to_q.", ".attention.qkv.");
                Tensor qkv = cat([value, diffusers[key.Replace("to_q", "to_k")], diffusers[key.Replace("to_q", "to_v")]], 0);
                comfy["model.diffusion_model." + k] = qkv;
                continue;
            }
            comfy["model.diffusion_model." + k] = value;
        }
        return comfy;
    }

    [Fact]
    public void Bf16Pipeline_GivesAnImageCloseToFp32()
    {
        using var scope = NewDisposeScope();
        using ZImagePipeline fp32 = Load();
        using ZImagePipeline bf16 = ZImagePipeline.Load(new ZImagePipelineOptions
        {
            Model = tiny.Model.Directory, Target = new ComputeTarget(CPU, ScalarType.BFloat16),
        });
        Tensor a = fp32.Generate(Turbo("a white horse"))[0];
        Tensor b = bf16.Generate(Turbo("a white horse"))[0];

        Assert.Equal(ScalarType.BFloat16, bf16.Transformer.DType);
        Assert.Equal(ScalarType.Float32, bf16.Vae.DType); // the VAE runs in fp32 as the official code does
        Assert.Equal(a.shape, b.shape);
        double meanError = (a - b).abs().mean().item<float>();
        output.WriteLine($"bf16 vs fp32 mean absolute pixel difference: {meanError:E2}");
        Assert.InRange(meanError, 0, 0.02);
    }

    [Fact]
    public void MissingModel_FailsNamingThePath()
    {
        string missing = Path.Combine(tiny.NewFolder(), "no-such-model");
        var e = Assert.Throws<ModelFileNotFoundException>(() => ZImagePipeline.Load(new ZImagePipelineOptions { Model = missing }));
        Assert.Contains(missing, e.Message);
    }
}
