namespace ZImageSweep.Sweeps.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SweepSpecParserTests
{
    static SweepSpecException Reject(string yaml) => Assert.Throws<SweepSpecException>(() => SpecYaml.Parse(yaml));

    [Fact]
    public void TwoByTwo_ParsesNameConcurrencyAndAxes()
    {
        var spec = SpecYaml.Parse(SpecYaml.TwoByTwo);

        Assert.Equal("s1", spec.Name);
        Assert.Equal(2, spec.Concurrency);
        Assert.Equal(SweepMethod.Grid, spec.Method);
        Assert.Equal(["adapter", "rank"], spec.Dimensions.Select(d => d.Axes[0].Name));
        Assert.Equal("config.process[0].network.linear", spec.Dimensions[1].Axes[0].Path.Text);
        Assert.Equal(["v1", "v2"], spec.Dimensions[0].Axes[0].Values.Select(v => v.Label));
        Assert.Equal(4, spec.GridSize);
    }

    [Fact]
    public void LogRange_SpacesExponentsEvenlyAndIncludesBothEnds()
    {
        var spec = SpecYaml.Parse(SpecYaml.With("  - { name: lr, key: train.lr, range: { from: 5e-5, to: 2e-4, count: 3, scale: log } }"));

        Assert.Equal(["5E-05", "0.0001", "0.0002"], spec.Dimensions[0].Axes[0].Values.Select(v => double.Parse(v.Text).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["5e-5", "1e-4", "2e-4"], spec.Dimensions[0].Axes[0].Values.Select(v => v.Label));
    }

    [Fact]
    public void LinearIntegerRange_GivesWholeNumbers()
    {
        var spec = SpecYaml.Parse(SpecYaml.With("  - { key: network.linear, range: { from: 8, to: 32, count: 4 } }"));

        Assert.Equal(["8", "16", "24", "32"], spec.Dimensions[0].Axes[0].Values.Select(v => v.Text));
        Assert.Equal("linear", spec.Dimensions[0].Axes[0].Name);
    }

    [Fact]
    public void ZippedAxes_FormOneDimension()
    {
        var spec = SpecYaml.Parse(SpecYaml.With("""
              - zip:
                  - { name: rank, key: network.linear, values: [8, 16] }
                  - { name: alpha, key: network.linear_alpha, values: [8, 16] }
            """));

        var dimension = Assert.Single(spec.Dimensions);
        Assert.Equal(2, dimension.Axes.Count);
        Assert.Equal(2, spec.GridSize);
    }

    [Fact]
    public void ZippedAxesOfDifferentLengths_AreRejected()
    {
        var e = Reject(SpecYaml.With("""
              - zip:
                  - { name: rank, key: network.linear, values: [8, 16] }
                  - { name: alpha, key: network.linear_alpha, values: [8] }
            """));

        Assert.Contains("rank: 2, alpha: 1", Assert.Single(e.Problems));
    }

    [Theory]
    [InlineData("  - { name: lr, key: train.lr, range: { from: 1e-5, to: 1e-4, count: 0 } }", "axis 'lr'", "empty")]
    [InlineData("  - { name: lr, key: train.lr, values: [] }", "axis 'lr'", "empty")]
    [InlineData("  - { name: lr, key: train.lr, range: { from: 0, to: 1e-4, count: 3, scale: log } }", "axis 'lr'", "> 0")]
    [InlineData("  - { name: lr, key: train.lr, range: { from: 1e-4, to: 1e-4, count: 3 } }", "axis 'lr'", "same")]
    [InlineData("  - { name: lr, key: train..lr, values: [1] }", "axis 'lr'", "not a key path")]
    [InlineData("  - { name: lr, key: train.lr, values: [1], colour: red }", "axis 'lr'", "unknown key")]
    [InlineData("  - { name: lr, key: train.lr, values: [1, 1] }", "axis 'lr'", "more than once")]
    [InlineData("  - { name: ad, key: model.assistant_lora_path, values: [a, b], labels: [x] }", "axis 'ad'", "2 values")]
    [InlineData("  - { name: out, key: training_folder, values: [a, b] }", "axis 'out'", "set by the sweep")]
    [InlineData("  - { name: n, key: config.name, values: [a, b] }", "axis 'n'", "set by the sweep")]
    public void BadAxis_IsRejectedNamingTheAxis(string axes, string axis, string reason)
    {
        var problem = Assert.Single(Reject(SpecYaml.With(axes)).Problems);

        Assert.Contains(axis, problem);
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void TwoAxesOnOneKey_AreRejected()
    {
        var problem = Assert.Single(Reject(SpecYaml.With("""
              - { name: a, key: train.lr, values: [1e-4] }
              - { name: b, key: train.lr, values: [2e-4] }
            """)).Problems);

        Assert.Contains("axis 'a'", problem);
        Assert.Contains("axis 'b'", problem);
    }

    [Fact]
    public void RandomWithoutCount_IsRejected() =>
        Assert.Contains("count", Assert.Single(Reject(SpecYaml.With("  - { key: train.lr, values: [1e-4] }", "method: random")).Problems));

    [Fact]
    public void MissingBaseFile_IsRejected()
    {
        var e = Assert.Throws<SweepSpecException>(() => SpecYaml.Parse("name: s\nbase: ./no-such-job.yaml\naxes: []\n"));

        Assert.Contains("no-such-job.yaml", Assert.Single(e.Problems));
    }

    [Fact]
    public void BaseFile_IsReadRelativeToTheSpecFolder()
    {
        var dir = Directory.CreateTempSubdirectory("zsweep-spec-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "job.yaml"), "config: { name: j, process: [ { model: { name_or_path: a/b }, datasets: [ { folder_path: /d } ] } ] }");

            var spec = SweepSpecParser.Parse("name: s\nbase: job.yaml\naxes: [ { key: train.lr, values: [1e-4] } ]", "spec.yaml", dir.FullName);

            Assert.Equal("j", spec.BaseJob.Bind().Name);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
