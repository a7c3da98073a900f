using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Validation;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training.Validation;

[Trait(Tier.Name, Tier.Unit)]
public sealed class HeldOutLossTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    /// <summary>The tiny transformer with a fresh user LoRA, the caption encoded, and a held-out loss over <see cref="Examples"/>.</summary>
    sealed class Rig : IDisposable
    {
        readonly ZImagePipeline _pipeline;
        readonly CaptionEmbeddings _embeddings;
        readonly HeldOutLoss _loss;

        public Rig(TrainingFixture fixture)
        {
            _pipeline = fixture.LoadPipeline();
            _embeddings = CaptionEmbeddings.Encode(_pipeline.EncodePrompts, [Caption]);
            Lora = TinyLora.Fresh(_pipeline.Transformer);
            _loss = new HeldOutLoss(Examples(), Sigmas, seed: 3);
        }

        public LoraNetwork Lora { get; }

        public double Compute() => _loss.ComputeItems(_pipeline.Transformer, _embeddings).Values.Average();

        public void Dispose()
        {
            _loss.Dispose();
            Lora.Dispose();
            _embeddings.Dispose();
            _pipeline.Dispose();
        }
    }

    const string Caption = "zfield a colour field";
    static readonly double[] Sigmas = [0.1, 0.5, 0.9];

    /// <summary>Two held-out latents of different sizes (as two buckets would give), drawn from a fixed generator.</summary>
    static List<HeldOutExample> Examples()
    {
        using var generator = new Generator(5);
        return
        [
            new("a.png", Caption, randn([16, 8, 8], generator: generator)),
            new("b.png", Caption, randn([16, 8, 12], generator: generator)),
        ];
    }

    [Fact]
    public void ZeroPrediction_GivesTheMeanSquaredVelocityTarget()
    {
        using var pipeline = fixture.LoadPipeline();
        using var embeddings = CaptionEmbeddings.Encode(pipeline.EncodePrompts, [Caption]);
        using (no_grad())
            foreach (var (name, parameter) in pipeline.Transformer.named_parameters().Where(p => p.name.StartsWith("all_final_layer", StringComparison.Ordinal)))
                parameter.zero_(); // the final projection outputs 0, so the velocity prediction is exactly 0
        var examples = Examples();
        using var loss = new HeldOutLoss(examples, Sigmas, seed: 3);

        var items = loss.ComputeItems(pipeline.Transformer, embeddings);
        double actual = items.Values.Average();

        // pred = 0 ⇒ loss = mean over images of mean((noise − x0)²) over σ × C × H × W.
        double expected = examples.Select((e, i) => (loss.Noise[i].to(ScalarType.Float64) - e.Latent.to(ScalarType.Float64)).Squared().mean().item<double>()).Average();
        Assert.Equal(expected, actual, expected * 1e-5);
        // One item per image × σ, named so that every arm's items pair up.
        Assert.Equal([.. from image in new[] { "a.png", "b.png" } from sigma in Sigmas select ValidationItems.LossKey(image, sigma)], items.Keys);
        Assert.Equal([3L, 16, 8, 12], loss.Noise[1].shape);
        Assert.InRange(expected, 1.5, 2.5); // unit noise minus unit latents: E = 2
    }

    [Fact]
    public void SameLora_GivesTheSameLossTwice_AndAChangedLoraAnotherOne()
    {
        using var rig = new Rig(fixture);
        var lora = rig.Lora;

        double first = rig.Compute(), second = rig.Compute();
        TinyLora.Perturb(lora);
        double changed = rig.Compute();

        Assert.True(double.IsFinite(first) && first > 0, $"loss {first}");
        Assert.Equal(first, second); // fixed noise and timesteps: bit-identical inputs
        Assert.NotEqual(first, changed);
        Assert.True(Math.Abs(changed - first) > 1e-4 * first, $"the LoRA barely moved the loss: {first} → {changed}");
    }

    [Fact]
    public void SwappedInWeights_AreScored_AndTheLiveOnesComeBackExactly()
    {
        using var rig = new Rig(fixture);
        var lora = rig.Lora;
        var live = lora.StateDict(ScalarType.Float32);
        TinyLora.Perturb(lora);
        double perturbedLoss = rig.Compute();
        var perturbed = lora.StateDict(ScalarType.Float32); // stands in for EMA shadows
        lora.Load(live, "live values");

        double swappedLoss;
        using (new SwappedWeights(lora, perturbed)) swappedLoss = rig.Compute();

        Assert.Equal(perturbedLoss, swappedLoss);
        foreach (var (name, parameter) in lora.Parameters())
            Assert.True(parameter.eq(live[name]).all().item<bool>(), $"{name} did not come back");
    }
}
