namespace ZImageSweep.Sweeps.Tests;

/// <summary>
/// A spec sent to a server: its base job file written inline (<see cref="InlinedSweepSpec"/>), and what the server's
/// parse (no base folder) makes of base paths.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class InlinedSweepSpecTests : IDisposable
{
    const string Spec = "name: s\nconcurrency: 2\nbase: job.yaml\naxes: [ { name: rank, key: network.linear, values: [4, 8] } ]\n";
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zsweep-inline-");

    public InlinedSweepSpecTests() =>
        File.WriteAllText(Path.Combine(_dir.FullName, "job.yaml"), "config: { name: j, process: [ { model: { name_or_path: a/b }, datasets: [ { folder_path: /d } ], train: { steps: 7 } } ] }");

    [Fact]
    public void TheInlinedSpec_ExpandsOnTheServerToTheSameArmsAsTheSpecWithItsFile()
    {
        var local = SweepExpander.Expand(SweepSpecParser.Parse(Spec, "spec.yaml", _dir.FullName));

        var remote = SweepExpander.Expand(SweepSpecParser.Parse(InlinedSweepSpec.From(Spec, _dir.FullName), "request body", baseDirectory: null));

        Assert.Equal((local.Name, local.Concurrency), (remote.Name, remote.Concurrency));
        Assert.Equal(local.Arms.Select(a => (a.Id, a.JobYaml, a.TotalSteps)), remote.Arms.Select(a => (a.Id, a.JobYaml, a.TotalSteps)));
        Assert.All(remote.Arms, a => Assert.Equal(7, a.TotalSteps));
    }

    [Fact]
    public void AnInlineBase_IsLeftAsItIs()
    {
        string inline = SpecYaml.TwoByTwo;

        var arms = SweepExpander.Expand(SweepSpecParser.Parse(InlinedSweepSpec.From(inline, _dir.FullName), "request body", baseDirectory: null)).Arms;

        Assert.Equal(SweepExpander.Expand(SpecYaml.Parse(inline)).Arms.Select(a => a.JobYaml), arms.Select(a => a.JobYaml));
    }

    [Fact]
    public void OnTheServer_ARelativeBasePathIsRefused_SayingToInlineIt()
    {
        var e = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse(Spec, "request body", baseDirectory: null));

        string problem = Assert.Single(e.Problems);
        Assert.Contains("'job.yaml' is a relative path", problem);
        Assert.Contains("inline the base job", problem);
    }

    [Fact]
    public void OnTheServer_AnAbsoluteBasePathIsReadThere_OrNamedAsMissingOnTheServer()
    {
        string absolute = Spec.Replace("base: job.yaml", $"base: {Path.Combine(_dir.FullName, "job.yaml")}");
        string missing = Spec.Replace("base: job.yaml", "base: /no/such/job.yaml");

        var spec = SweepSpecParser.Parse(absolute, "request body", baseDirectory: null);
        var e = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse(missing, "request body", baseDirectory: null));

        Assert.Equal("j", spec.BaseJob.Bind().Name);
        Assert.Contains("job file '/no/such/job.yaml' does not exist on the server", Assert.Single(e.Problems));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
