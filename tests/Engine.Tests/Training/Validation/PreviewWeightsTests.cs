using System.Text.Json;
using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Training;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training.Validation;

[Trait(Tier.Name, Tier.Unit)]
public sealed class PreviewWeightsTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    static readonly SamplePrompt[] Prompts = [new("a [trigger] colour field"), new("a plain photo")];

    IReadOnlyList<SampleImage> Preview(string name, SampleOptions options)
    {
        using var pipeline = fixture.LoadPipeline();
        var texts = PreviewSampler.Texts(options, "zfield").ToList();
        using var embeddings = CaptionEmbeddings.Encode(pipeline.EncodePrompts, texts);
        using var lora = TinyLora.Fresh(pipeline.Transformer);
        TinyLora.Perturb(lora);
        var sampler = new PreviewSampler(ZImageModelSet.From(pipeline, null), options, embeddings, Path.Combine(fixture.Root, "previews", name));
        return sampler.Run(7, lora, adapter: null, "zfield");
    }

    [Fact]
    public void NetworkMultipliers_SampleEveryPromptAtEachWeight()
    {
        var options = new SampleOptions(10, Prompts, Width: 32, Height: 32, Steps: 2, Format: "png", NetworkMultipliers: [0, 0.5, 1]);

        var images = Preview("weights", options);

        Assert.Equal([0, 0, 0, 1, 1, 1], images.Select(i => i.PromptIndex));
        Assert.Equal([0, 0.5, 1, 0, 0.5, 1], images.Select(i => i.LoraWeight));
        Assert.Equal(6, images.Select(i => i.Path).Distinct().Count());
        Assert.Matches(@"^\d+__000000007_1_w0\.5\.png$", Path.GetFileName(images[4].Path));
        Assert.All(images.Where(i => i.PromptIndex == 1), i => Assert.Equal(images[3].Seed, i.Seed)); // one seed across the weights
        using var atZero = ImageFile.Load(images[0].Path);
        using var atOne = ImageFile.Load(images[2].Path);
        Assert.True((atZero - atOne).abs().max().item<float>() > 0.01f, "weight 0 and weight 1 gave the same image");
        var index = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(images[0].Path)!, SampleIndex.FileName));
        Assert.Equal([0, 0.5, 1, 0, 0.5, 1], index.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("lora_weight").GetDouble()));
    }

    [Fact]
    public void WithoutAWeightList_NamesAndWeightsStayAiToolkits()
    {
        var options = new SampleOptions(10, Prompts, Width: 32, Height: 32, Steps: 2, Format: "png", NetworkMultiplier: 0.75);

        var images = Preview("single", options);

        Assert.Equal([0.75, 0.75], images.Select(i => i.LoraWeight));
        Assert.Matches(@"^\d+__000000007_1\.png$", Path.GetFileName(images[1].Path));
    }
}
