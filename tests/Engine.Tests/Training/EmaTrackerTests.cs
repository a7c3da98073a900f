using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class EmaTrackerTests
{
    public EmaTrackerTests() => LibTorchLoader.EnsureLoaded();

    // Two shapes with two members each and a lone one: the tracker keeps them as three stacked groups.
    static List<(string Name, Parameter Parameter)> Parameters(Generator generator) =>
        [.. new long[][] { [3, 5], [5, 3], [3, 5], [4], [5, 3] }.Select((shape, i) => ($"p{i}", new Parameter(randn(shape, generator: generator))))];

    [Fact]
    public void Shadows_FollowTheRecurrence_ComputedInFloat64()
    {
        var generator = new Generator(5);
        var parameters = Parameters(generator);
        const double decay = 0.9;
        using var ema = new EmaTracker(parameters, decay);
        var expected = parameters.ToDictionary(p => p.Name, p => p.Parameter.data<float>().Select(v => (double)v).ToArray());
        for (int step = 0; step < 4; step++)
        {
            using (no_grad())
                foreach (var (_, p) in parameters) p.PlusInPlace(randn(p.shape, generator: generator));
            ema.Update();
            foreach (var (name, p) in parameters)
            {
                float[] now = p.data<float>().ToArray();
                for (int i = 0; i < now.Length; i++) expected[name][i] = decay * expected[name][i] + (1 - decay) * now[i];
            }
        }
        foreach (var (name, values) in expected)
        {
            float[] shadow = ema.Shadows[name].data<float>().ToArray();
            Assert.Equal(values.Length, shadow.Length);
            for (int i = 0; i < values.Length; i++) Assert.Equal(values[i], shadow[i], 5);
        }
    }

    [Fact]
    public void Shadows_AreCopies_AndLoadRestoresThemByName()
    {
        var parameters = Parameters(new Generator(6));
        using var ema = new EmaTracker(parameters, 0.5);
        Tensor first = parameters[0].Parameter.detach().clone();
        using (no_grad()) parameters[0].Parameter.PlusInPlace(ones(3, 5)); // no update yet: the shadow keeps the start
        Assert.True(ema.Shadows["p0"].eq(first).all().item<bool>());

        var saved = ema.Shadows.ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        ema.Update();
        Assert.False(ema.Shadows["p0"].eq(saved["p0"]).all().item<bool>());
        ema.Load(saved);
        foreach (var (name, value) in saved) Assert.True(ema.Shadows[name].eq(value).all().item<bool>(), name);
    }
}
