using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Sweeps.Tests;

/// <summary>The spec key <c>packing: auto | off | &lt;k&gt;</c> (issue 18), parsed and carried on the sweep definition.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class PackingSpecTests
{
    const string Axes = "  - { key: network.linear, values: [8, 16] }";

    static PackingPolicy Packing(string extra) => SweepExpander.Expand(SpecYaml.Parse(SpecYaml.With(Axes, extra))).Packing;

    [Fact]
    public void WithoutTheKey_PackingIsAuto() => Assert.Equal(PackingPolicy.Auto, Packing(""));

    [Theory]
    [InlineData("packing: auto", PackingMode.Auto, 0, "auto")]
    [InlineData("packing: off", PackingMode.Off, 1, "off")]
    [InlineData("packing: 4", PackingMode.Fixed, 4, "4")]
    [InlineData("packing: 1", PackingMode.Fixed, 1, "1")]
    public void EachForm_IsCarriedOnTheDefinition(string line, PackingMode mode, int arms, string text)
    {
        PackingPolicy packing = Packing(line);

        Assert.Equal((mode, arms), (packing.Mode, packing.MaxArms));
        Assert.Equal(text, packing.ToString());
    }

    [Theory]
    [InlineData("packing: 0", "'0'")]
    [InlineData("packing: -2", "'-2'")]
    [InlineData("packing: 2.5", "'2.5'")]
    [InlineData("packing: sometimes", "'sometimes'")]
    [InlineData("packing: [2]", "a list or mapping")]
    public void AnyOtherValue_IsASpecErrorNamingTheKey(string line, string got)
    {
        var e = Assert.Throws<SweepSpecException>(() => SpecYaml.Parse(SpecYaml.With(Axes, line)));

        string problem = Assert.Single(e.Problems);
        Assert.StartsWith("packing: must be auto, off or a positive whole number of arms per GPU slot", problem);
        Assert.Contains(got, problem);
    }
}
