using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Text;
using ZImageSweep.Engine.TinyModels;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.TinyModels;

[Trait(Tier.Name, Tier.Unit)]
public sealed class TinyModelWriterTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-tiny-").FullName;

    public TinyModelWriterTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Sub(string name) => Path.Combine(_dir, name);

    [Fact]
    public void WrittenFolder_IsACompleteDiffusersFolder_WhoseConfigsReadBackEqual()
    {
        TinyModelFolder tiny = TinyModelWriter.Write(Sub("m"), seed: 7);
        ModelFolder folder = ModelFolder.Open(tiny.Directory);

        Assert.Null(folder.MissingFile());
        Assert.Equal(["scheduler", "text_encoder", "tokenizer", "transformer", "vae"], folder.Components.Keys.Order());
        Assert.Equal(tiny.Transformer, ZImageConfig.FromFile(folder.Transformer.ConfigPath));
        Assert.Equal(tiny.TextEncoder, Qwen3ConfigReader.FromFile(folder.TextEncoder.ConfigPath));
        AutoencoderKLConfig vae = AutoencoderKLConfig.FromFile(folder.Vae.ConfigPath);
        Assert.Equal([16, 16, 32, 32], vae.BlockOutChannels);
        Assert.Equal(8, vae.DownsampleFactor);
        Assert.Equal((16, 0.3611, 0.1159, false, false), (vae.LatentChannels, vae.ScalingFactor, vae.ShiftFactor, vae.UseQuantConv, vae.UsePostQuantConv));
        Assert.Equal(3.0, folder.Scheduler.Shift);
        Assert.False(folder.Scheduler.UseDynamicShifting);
        Assert.Equal(tiny.TextEncoder.HiddenSize, tiny.Transformer.CapFeatDim);
    }

    [Fact]
    public void EveryComponent_LoadsStrictly_IntoItsModule()
    {
        TinyModelFolder tiny = TinyModelWriter.Write(Sub("m"));
        ModelFolder folder = ModelFolder.Open(tiny.Directory);

        using (var transformer = new ZImageTransformer2DModel(tiny.Transformer))
        using (WeightSource weights = TransformerWeights.Open(tiny.Directory))
        {
            Assert.Equal(transformer.state_dict().Keys.Order(StringComparer.Ordinal), weights.Keys.Order(StringComparer.Ordinal));
            weights.LoadInto(transformer); // strict: a missing or extra key throws
        }
        // The full encoder, last layer and final norm included, as a real Qwen3 save.
        using (Qwen3ForTextEncoding encoder = Qwen3ForTextEncoding.Load(tiny.TextEncoder, [folder.TextEncoder.WeightsPath], Qwen3Depth.Full))
            Assert.Equal(tiny.TextEncoder.NumHiddenLayers, encoder.model.layers.Count);
        using (AutoencoderKL vae = AutoencoderKL.FromDirectory(folder.Vae.Directory))
            Assert.Equal(8, vae.Config.DownsampleFactor);
        Assert.Equal(tiny.TextEncoder.VocabSize, Qwen3Tokenizer.FromFile(folder.Tokenizer.TokenizerJson).VocabularySize);
    }

    [Fact]
    public void SameSeed_GivesByteIdenticalFiles_AndAnotherSeedOtherWeights()
    {
        TinyModelFolder a = TinyModelWriter.Write(Sub("a"), seed: 3);
        TinyModelFolder b = TinyModelWriter.Write(Sub("b"), seed: 3);
        TinyModelFolder c = TinyModelWriter.Write(Sub("c"), seed: 4);

        Assert.Equal(a.Files, b.Files);
        Assert.Equal(12, a.Files.Count);
        foreach (string file in a.Files)
            Assert.True(File.ReadAllBytes(Path.Combine(a.Directory, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b.Directory, file))), file);
        string weights = Path.Combine("transformer", TinyModelWriter.TransformerWeights);
        Assert.False(File.ReadAllBytes(Path.Combine(a.Directory, weights)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(c.Directory, weights))));
    }

    [Fact]
    public void Weights_FollowTheInitialisationRules_AndAreFinite()
    {
        TinyModelFolder tiny = TinyModelWriter.Write(Sub("m"));
        using var scope = NewDisposeScope();
        using var vae = SafeTensorsFile.Open(Path.Combine(tiny.Directory, "vae", TinyModelWriter.VaeWeights));
        using var transformer = SafeTensorsFile.Open(Path.Combine(tiny.Directory, "transformer", TinyModelWriter.TransformerWeights));

        Assert.Equal(ScalarType.BFloat16, vae.Entry("decoder.conv_out.weight").DType);
        Assert.True(vae.Read("decoder.conv_norm_out.weight").eq(HeldScalars.One).all().item<bool>());
        Assert.True(vae.Read("decoder.conv_out.bias").eq(HeldScalars.Zero).all().item<bool>());
        double std = vae.Read("decoder.up_blocks.0.resnets.0.conv1.weight", ScalarType.Float32).std().item<float>();
        Assert.InRange(std, 0.015, 0.025);
        foreach (SafeTensorsFile file in new[] { transformer, vae })
            foreach (string key in file.Keys)
                Assert.True(isfinite(file.Read(key, ScalarType.Float32)).all().item<bool>(), key);
        // Pad tokens are random (never zero or uninitialised) so that padding is exercised.
        Assert.True(transformer.Read("x_pad_token").abs().sum().item<float>() > 0);
        Assert.True(transformer.Read("cap_pad_token").abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Adapters_CoverEveryLinearOfTheMainLayers_WithRanks4And8()
    {
        TinyModelFolder tiny = TinyModelWriter.Write(Sub("m"));
        using var v1 = ZImageLora.Read(tiny.Adapter("v1"));
        using var v2 = ZImageLora.Read(tiny.Adapter("v2"));
        using var transformer = new ZImageTransformer2DModel(tiny.Transformer);

        // 8 Linears per block (to_q, to_k, to_v, to_out.0, w1, w2, w3, adaLN_modulation.0) × 2 layers.
        Assert.Equal(16, v1.Pairs.Count);
        Assert.All(v1.Pairs.Values, p => Assert.Equal(4, p.Rank));
        Assert.All(v2.Pairs.Values, p => Assert.Equal(8, p.Rank));
        Assert.All(v1.Pairs.Keys, k => Assert.StartsWith("layers.", k));
        Assert.Contains("layers.1.adaLN_modulation.0", v1.Pairs.Keys);
        Assert.Equal(16, LoraMerge.Resolve(transformer, v2).Count); // every factor fits its Linear
        using var file = SafeTensorsFile.Open(tiny.Adapter("v1"));
        Assert.All(file.Keys, k => Assert.Matches(@"^diffusion_model\.layers\.\d+\..+\.lora_[AB]\.weight$", k));
    }
}
