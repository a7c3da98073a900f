namespace ZImageSweep.Sweeps.Tests;

/// <summary>Sweeps straight from a job: the UI's <c>.job_config.json</c> as base, and <c>--axis</c> options as a spec.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class JobSweepSpecTests
{
    static readonly string UiJob = Path.Combine(AppContext.BaseDirectory, "AiToolkitUi", ".job_config.json");

    static SweepSpec Parse(string spec) => SweepSpecParser.Parse(spec, JobSweepSpec.Origin, Directory.GetCurrentDirectory());

    [Fact]
    public void SpecBase_TakesTheUisJobConfigJsonAsItIs()
    {
        string folder = Path.GetDirectoryName(UiJob)!;
        var spec = SweepSpecParser.Parse("name: s\nbase: .job_config.json\naxes:\n  - { key: network.linear, values: [8, 16] }\n", "sweep.yaml", folder);

        var definition = SweepExpander.Expand(spec);

        Assert.Equal(2, definition.Arms.Length);
        Assert.All(definition.Arms, a => Assert.Contains("zimage_turbo_training_adapter_v2", a.JobYaml));
    }

    [Fact]
    public void Axes_BecomeAGridOverTheJobWithItsNameAndTheLabelsGiven()
    {
        string text = JobSweepSpec.Build(UiJob, ["network.linear=8,16", "model.assistant_lora_path=/a/v1.safetensors,/a/v2.safetensors"],
            ["model.assistant_lora_path=v1,v2"], name: null);

        var spec = Parse(text);

        Assert.Equal("my_first_lora_v1", spec.Name);
        Assert.Equal(["linear", "assistant_lora_path"], spec.Dimensions.Select(d => d.Axes[0].Name));
        Assert.Equal(["8", "16"], spec.Dimensions[0].Axes[0].Values.Select(v => v.Text));
        Assert.Equal(["v1", "v2"], spec.Dimensions[1].Axes[0].Values.Select(v => v.Label));
        Assert.Equal(4, SweepExpander.Expand(spec).Arms.Length);
        Assert.Contains($"base: {UiJob}", text);
    }

    [Fact]
    public void Name_ReplacesTheJobsName()
    {
        Assert.Equal("ranks", Parse(JobSweepSpec.Build(UiJob, ["network.linear=8,16"], [], "ranks")).Name);
    }

    [Theory]
    [InlineData("network.linear", "--axis 'network.linear': write KEY=V1,V2,…")]
    [InlineData("=8,16", "--axis '=8,16': write KEY=V1,V2,…")]
    [InlineData("network.linear=8,,16", "--axis 'network.linear=8,,16': write KEY=V1,V2,…")]
    public void MalformedAxis_IsRefusedNamingIt(string axis, string problem)
    {
        var e = Assert.Throws<SweepSpecException>(() => JobSweepSpec.Build(UiJob, [axis], [], null));

        Assert.StartsWith(problem, Assert.Single(e.Problems));
    }

    [Fact]
    public void LabelsForNoAxis_AndARepeatedAxis_AreRefused()
    {
        var e = Assert.Throws<SweepSpecException>(() => JobSweepSpec.Build(UiJob, ["network.linear=8", "network.linear=16"], ["train.lr=a,b"], null));

        Assert.Equal(2, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.StartsWith("--label-axis 'train.lr' names no --axis", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("--axis 'network.linear' is given 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void AxisOnAMisspeltKey_IsRefusedByTheExpanderWithASuggestion()
    {
        var spec = Parse(JobSweepSpec.Build(UiJob, ["network.lineer=8,16"], [], null));

        var e = Assert.Throws<SweepSpecException>(() => SweepExpander.Expand(spec));

        Assert.Contains(e.Problems, p => p.Contains("lineer") && p.Contains("did you mean 'linear'"));
    }

    [Fact]
    public void LabelCountMismatch_IsRefusedNamingTheAxis()
    {
        var e = Assert.Throws<SweepSpecException>(() => Parse(JobSweepSpec.Build(UiJob, ["network.linear=8,16"], ["network.linear=small"], null)));

        Assert.Contains(e.Problems, p => p.Contains("linear") && p.Contains("1 labels for 2 values"));
    }
}
