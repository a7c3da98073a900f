using ZImageSweep.Sweeps;

namespace ZImageSweep.Client.Tests.Commands.Run;

/// <summary><c>zsweep run --job … --axis …</c>: checked and printed before the command connects anywhere.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class RunCommandTests
{
    static readonly string UiJob = Path.Combine(AppContext.BaseDirectory, "AiToolkitUi", ".job_config.json");

    [Fact]
    public void PrintSpec_PrintsASpecThatParsesToTheSameGrid()
    {
        var result = Zsweep.Run("run", "--job", UiJob, "--axis", "network.linear=8,16", "--axis", "train.lr=1e-4,2e-4", "--label-axis", "train.lr=low,high", "--print-spec");

        Assert.Equal(0, result.ExitCode);
        var spec = SweepSpecParser.Parse(result.Output, "printed", Directory.GetCurrentDirectory());
        Assert.Equal("my_first_lora_v1", spec.Name);
        Assert.Equal(["network.linear", "train.lr"], spec.Dimensions.Select(d => d.Axes[0].Path.Text.Replace("config.process[0].", "")));
        Assert.Equal(["low", "high"], spec.Dimensions[1].Axes[0].Values.Select(v => v.Label));
        Assert.Equal(4, SweepExpander.Expand(spec).Arms.Length);
    }

    [Fact]
    public void MalformedAxis_IsRefusedNamingIt()
    {
        var result = Zsweep.Run("run", "--job", UiJob, "--axis", "network.linear", "--print-spec");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--axis 'network.linear': write KEY=V1,V2,…", result.Output);
    }

    [Fact]
    public void AxisOnAnUnknownKey_IsRefusedWithASuggestion()
    {
        var result = Zsweep.Run("run", "--job", UiJob, "--axis", "train.skip_frist_sample=true,false", "--print-spec");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean 'skip_first_sample'", result.Output);
    }

    [Fact]
    public void AxisWithASpecFile_IsRefused()
    {
        var result = Zsweep.Run("run", "spec.yaml", "--axis", "network.linear=8");

        Assert.Equal(2, result.ExitCode); // input: a usage error
        Assert.Contains("--axis, --label-axis, --name and --print-spec go with --job", result.Output);
    }

    [Fact]
    public void NeitherSpecNorJob_IsRefused()
    {
        var result = Zsweep.Run("run");

        Assert.Equal(2, result.ExitCode); // input: a usage error
        Assert.Contains("Give a sweep spec file, or --job with --axis options", result.Output);
    }
}
