using Spectre.Console.Testing;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Client.Tests.Rendering;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ComparisonTablesTests
{
    static string Render(Spectre.Console.Rendering.IRenderable table)
    {
        var console = new TestConsole().Width(200).EmitAnsiSequences();
        console.Write(table);
        return console.Output;
    }

    static ArmStepSamples Arm(string label, bool reached) =>
        new(label, label, reached, reached ? [new SampleRef(0, "p", 1, $"/s/{label}.png")] : [], null);

    [Fact]
    public void Ranking_ListsArmsInOrder_AndHighlightsTheBest()
    {
        string output = Render(ComparisonTables.Ranking(ComparisonMetric.ValidationLoss,
            [new ArmScore("b", "rank=16", 0.1234, 40), new ArmScore("a", "rank=8", 0.5, 20)]));

        Assert.Contains("arms by validation-loss (lower is better)", output);
        Assert.True(output.IndexOf("rank=16", StringComparison.Ordinal) < output.IndexOf("rank=8", StringComparison.Ordinal));
        Assert.Contains("rank=16 ★ best", output);
        Assert.DoesNotContain("rank=8 ★", output);
        Assert.Contains("0.1234", output);
        Assert.Contains("\u001b[1;38;5;2mrank=16", output); // the best row is bold green
    }

    [Fact]
    public void SampleSteps_ShowTheGridOrPending_AndWhoHasNotReachedTheStep()
    {
        string output = Render(ComparisonTables.SampleSteps([
            new StepComparison(20, [Arm("v1", true), Arm("v2", true)], "/g/step_000000020.png"),
            new StepComparison(40, [Arm("v1", true), Arm("v2", false)], null)], new ArtifactPaths(null)));

        Assert.Contains("/g/step_000000020.png", output);
        Assert.Matches(@"40.*pending.*v2", output);
    }

    [Fact]
    public void SampleSteps_ShowGridPathsUnderTheArtifactsRoot_WhichTheCaptionNamesOnce()
    {
        string root = "/home/someone/.zsweep/demo/artifacts";
        string output = Render(ComparisonTables.SampleSteps([
            new StepComparison(20, [Arm("v1", true)], $"{root}/sweeps/demo/grids/step_000000020.png"),
            new StepComparison(40, [Arm("v1", true)], $"{root}/sweeps/demo/grids/step_000000040.png")], new ArtifactPaths(root)));

        Assert.Contains("│ sweeps/demo/grids/step_000000020.png", output);
        Assert.Contains("│ sweeps/demo/grids/step_000000040.png", output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, System.Text.RegularExpressions.Regex.Escape(root)));
        Assert.Contains($"paths under {root}", output);
    }
}
