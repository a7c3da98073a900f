using TorchSharp.Modules;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Tests.Offloading;
using ZImageSweep.Engine.Text;
using ZImageSweep.Engine.TinyModels;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Pipelines;

/// <summary>
/// <c>layer_offloading_text_encoder_percent</c>: that share of Qwen3's decoder layers keeps its frozen weights (fp32
/// here, float8 codes and scales with <c>quantize_te</c>) in host memory and is brought in just before each layer
/// runs; the encoder loads via host. The features must be bit-identical to the encoder that offloads nothing: the
/// same kernels run on the same values, only where the weights wait changes. A tiny encoder with 5 layers (4 built for
/// hidden_states[-2], <see cref="DeepTextEncoderFixture"/>) so that 50 % offloads layers 1 and 3 (OffloadPlan: layer i when ⌊(i+1)/2⌋ &gt; ⌊i/2⌋).
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class TextEncoderOffloadingTests(DeepTextEncoderFixture fixture) : IClassFixture<DeepTextEncoderFixture>
{
    static readonly string[] Prompts = ["a photo of a cat", "sks dog on a beach at dusk, wide shot"];

    readonly TinyModelFolder _model = fixture.Model;

    ZImagePromptTokenizer Tokenizer => new(Qwen3Tokenizer.FromFile(Parts.Tokenizer.TokenizerJson));

    ModelFolder Parts => ModelFolder.Open(_model.Directory);

    LoadedTextEncoder Load(bool float8, double? share, Action<string>? log = null) =>
        LoadedTextEncoder.Load(Parts, new ZImagePipelineOptions { Model = _model.Directory, QuantizeTextEncoder = float8, TextEncoderOffloadShare = share, Log = log });

    IReadOnlyList<Tensor> Encode(LoadedTextEncoder encoder) => new PromptEncoder(Tokenizer, encoder.Model).Encode(Prompts);

    [Theory]
    [InlineData(false, 0.0, 0)]
    [InlineData(false, 0.5, 2)]
    [InlineData(false, 1.0, 4)]
    [InlineData(true, 0.0, 0)]
    [InlineData(true, 0.5, 2)]
    [InlineData(true, 1.0, 4)]
    public void OffloadedLayers_EncodeBitIdenticalFeatures(bool float8, double share, int offloadedLayers)
    {
        using var scope = NewDisposeScope();
        using LoadedTextEncoder plain = Load(float8, share: null);
        IReadOnlyList<Tensor> expected = Encode(plain);

        using LoadedTextEncoder offloaded = Load(float8, share);
        IReadOnlyList<Tensor> actual = Encode(offloaded);
        IReadOnlyList<Tensor> again = Encode(offloaded); // the layers went back to the host after the first encode and come in again

        Assert.Equal(offloadedLayers, offloaded.Offloading!.OffloadedCount);
        Assert.Equal(DeepTextEncoderFixture.BuiltLayers, offloaded.Offloading.BlockCount);
        for (int i = 0; i < Prompts.Length; i++)
        {
            Assert.True(expected[i].shape.SequenceEqual(actual[i].shape), $"prompt {i}: shape");
            Assert.True(expected[i].eq(actual[i]).all().item<bool>(), $"prompt {i}: features differ with {share:P0} of the layers offloaded");
            Assert.True(expected[i].eq(again[i]).all().item<bool>(), $"prompt {i}: features differ on the second encode");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithPrefetching_EachOffloadedLayerIsCopiedAndJoinedOncePerEncode_AndTheFeaturesAreTheSame(bool float8)
    {
        using var scope = NewDisposeScope();
        using LoadedTextEncoder plain = Load(float8, share: null);
        IReadOnlyList<Tensor> expected = Encode(plain);
        ModelComponent component = Parts.TextEncoder;
        var model = Qwen3ForTextEncoding.Load(Qwen3ConfigReader.FromFile(component.ConfigPath), component.WeightFiles(), Qwen3Depth.HiddenStatesMinus2,
            CPU, ScalarType.Float32, layerDevice: CPU);
        var copies = new PrefetchingCopies();
        using LoadedTextEncoder prefetched = LoadedTextEncoder.Prepare(model, BaseLoadPlan.For(DeepTextEncoderFixture.BuiltLayers, float8, 0.5), copies: copies);

        IReadOnlyList<Tensor> actual = Encode(prefetched);

        // Layers 1 and 3 are offloaded: layer 1 is prefetched while layer 0 runs, layer 3 while layer 1 runs.
        Assert.Equal((2, 2, 2), (copies.Issued, copies.Joined, copies.Disposed));
        Assert.All(model.model.layers, layer => Assert.True(prefetched.Offloading!.IsPlaced(layer) != prefetched.Offloading.IsOffloaded(layer)));
        for (int i = 0; i < Prompts.Length; i++) Assert.True(expected[i].eq(actual[i]).all().item<bool>(), $"prompt {i}: features differ with prefetching");
    }

    [Fact]
    public void BetweenCalls_AnOffloadedLayersLinearWeightsWaitOnTheHost_ItsNormsAndTheEmbeddingStay()
    {
        using LoadedTextEncoder reference = Load(float8: false, share: null);
        var layers = reference.Model.model.layers;
        long linearBytes(int layer) => layers[layer].modules().OfType<Linear>().Sum(l => l.weight!.numel() * l.weight.element_size());
        long expectedHostBytes = linearBytes(1) + linearBytes(3); // layers 1 and 3 at 50 %

        using LoadedTextEncoder offloaded = Load(float8: false, share: 0.5);
        var offloadedLayers = offloaded.Model.model.layers;

        Assert.Equal(expectedHostBytes, offloaded.Offloading!.HostBytes);
        foreach (int i in new[] { 1, 3 })
        {
            Assert.All(offloadedLayers[i].modules().OfType<Linear>(), l => Assert.Equal(0, l.weight!.numel()));
            Assert.Equal(reference.Model.Config.HiddenSize, offloadedLayers[i].input_layernorm.Weight.numel());
        }
        foreach (int i in new[] { 0, 2 })
            Assert.All(offloadedLayers[i].modules().OfType<Linear>(), l => Assert.NotEqual(0, l.weight!.numel()));
        Assert.Equal(reference.Model.model.embed_tokens.weight.numel(), offloaded.Model.model.embed_tokens.weight.numel());
    }

    [Fact]
    public void TheLoad_IsLogged_LikeTheTransformers()
    {
        var lines = new List<string>();
        using LoadedTextEncoder encoder = Load(float8: true, share: 0.5, lines.Add);

        // placements [resident, offloaded, resident, offloaded]: the resident layers before the last (0 and 2) plus the one arriving
        Assert.Equal("text encoder loaded via host: 4 layers, 2 offloaded, float8; at most 3 layers on the device during load", lines[0]);
        Assert.StartsWith("layer offloading: 2 of 4 text encoder layers keep their frozen weights (", lines[1]);
        Assert.EndsWith("copies on the compute stream (no side-stream shim loaded), not overlapped with compute", lines[1]);
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public void WithoutOffloadingOrFloat8_TheEncoderIsBuiltOnTheDevice_AndSaysNothing()
    {
        var lines = new List<string>();
        using LoadedTextEncoder encoder = Load(float8: false, share: null, lines.Add);

        Assert.Null(encoder.Offloading);
        Assert.Empty(lines);
    }

    [Fact]
    public void AReleasedOffloadedEncoder_LoadsAgainWithTheSameFeatures()
    {
        using var scope = NewDisposeScope();
        using var pipeline = ZImagePipeline.Load(new ZImagePipelineOptions { Model = _model.Directory, TextEncoderOffloadShare = 1.0, ReleaseTextEncoder = true });
        IReadOnlyList<Tensor> first = pipeline.EncodePrompts(Prompts);
        Assert.False(pipeline.TextEncoderLoaded);

        IReadOnlyList<Tensor> again = pipeline.EncodePrompts(Prompts);

        for (int i = 0; i < Prompts.Length; i++) Assert.True(first[i].eq(again[i]).all().item<bool>(), $"prompt {i}");
    }
}
