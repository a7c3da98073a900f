using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using ZImageSweep.Engine.Text;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Text;

/// <summary>Prompt → caption features, on the tiny reference encoder with a tiny tokenizer (all ids &lt; 1000).</summary>
[Trait(Tier.Name, Tier.Reference)]
public sealed class PromptEncoderTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-penc-").FullName;

    public PromptEncoderTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<ReferenceCase> Cases => ReferenceCases.OfKind("text_encoder");

    static Qwen3ForTextEncoding LoadEncoder(ReferenceCase c)
    {
        string weights = Path.Combine(ReferenceCases.Directory, c.Weights!);
        using SafeTensorsFile file = SafeTensorsFile.Open(weights);
        var config = Qwen3ConfigReader.FromJson(ReferenceCases.Config(file).GetRawText(), weights);
        return Qwen3ForTextEncoding.Load(config, [weights], Qwen3Depth.HiddenStatesMinus2);
    }

    PromptEncoder Create(ReferenceCase c) =>
        new(new ZImagePromptTokenizer(Qwen3Tokenizer.FromFile(TinyTokenizerJson.Write(_dir))), LoadEncoder(c));

    [Theory, MemberData(nameof(Cases))]
    public void PaddedBatchOfReferenceIds_GivesTheReferenceFeaturesForEachValidPrefix(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        PromptEncoder encoder = Create(c);
        using SafeTensorsFile io = ReferenceCases.Open(c.Io);
        int[] ids = io.Read("input_ids").data<long>().Select(i => (int)i).ToArray();
        int shortLength = ids.Length / 3;
        TokenBatch batch = TokenBatch.FromSequences([ids[..shortLength], ids], padId: 0);

        IReadOnlyList<Tensor> features = encoder.Encode(batch);
        Tensor expected = io.Read("hidden_minus2");                          // (L, D)
        ReferenceCases.AssertClose($"{c.Name} prompt encoder, short item", features[0], expected[..shortLength]);
        ReferenceCases.AssertClose($"{c.Name} prompt encoder, full item", features[1], expected);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Prompts_GiveOneFeatureTensorPerPrompt_WithTheirValidTokensOnly(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        PromptEncoder encoder = Create(c);
        string[] prompts = ["hello world, a long prompt", ""];

        IReadOnlyList<Tensor> batched = encoder.Encode(prompts);
        Assert.Equal(2, batched.Count);
        for (int i = 0; i < prompts.Length; i++)
        {
            int length = encoder.Tokenizer.Tokenize(prompts[i]).Length;
            Assert.Equal([length, encoder.Encoder.Config.HiddenSize], batched[i].shape);
            Assert.Equal(ScalarType.Float32, batched[i].dtype);
            // The short prompt was padded in the batch; alone it is not. Padding must not change its features.
            Tensor alone = encoder.Encode([prompts[i]])[0];
            Assert.True(alone.allclose(batched[i], rtol: 1e-5, atol: 1e-6), $"prompt {i} differs between batch and single encoding");
        }
    }
}
