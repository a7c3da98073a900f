using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZImageSweep.Client.Commands.Demo;
using ZImageSweep.Engine.IO;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Client.Tests.Homes;

/// <summary>
/// Known answers through the real training path: <c>zsweep</c> commands on a home whose workers are the CLI's own
/// <c>worker</c>, training the demo's tiny model and scoring its held-out images on the CPU.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed partial class RealEngineVerdictAndExtendTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("zsweep-real-home-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string Home => Path.Combine(_root, "home");

    /// <summary>
    /// The demo's job (validation on held-out images, a checkpoint every step) with <paramref name="steps"/> steps and
    /// one axis of our own, without previews: their grids keep the comparison grain busy, and the one-way reports still
    /// queued behind them when the hosting command exits are lost (a limit of zsweep run's shutdown, not of extend).
    /// </summary>
    string Spec(string name, int steps, string axis)
    {
        string demo = File.ReadAllText(DemoFiles.Prepare(Path.Combine(_root, "inputs"), steps: 2));
        string job = TrainSteps().Replace(Previews().Replace(demo[..demo.IndexOf("axes:", StringComparison.Ordinal)], ""), $"${{indent}}steps: {steps}\n", 1);
        string path = Path.Combine(_root, $"{name}.yaml");
        File.WriteAllText(path, $"name: {name}{job[$"name: {DemoFiles.SweepName}".Length..]}axes:\n  - {axis}\n");
        return path;
    }

    static string Lora(string home, string sweep, string arm) => Path.Combine(home, "artifacts", "sweeps", sweep, arm, $"{arm}.safetensors");

    [Fact]
    public async Task IdenticalArmsDifferByExactlyZero_AndAnArmExtended2Plus2_EqualsAStraight4StepRun()
    {
        // Two arms whose axis changes no training key: the same configuration and seed under two ids.
        var run = await ZsweepProcess.RunRealEngineAsync(Home, "run", Spec("twins", 2, "{ name: keep, key: save.max_step_saves_to_keep, values: [4, 5] }"));
        Assert.True(run.Exit == 0, run.Output);
        // Held-out loss (the job has no training adapter, so no Turbo drift to compare).
        var compare = await ZsweepProcess.RunRealEngineAsync(Home, "compare", "twins", "--verdict", "--json");
        Assert.True(compare.Exit == 0, compare.Output);
        var verdict = JsonNode.Parse(compare.Output[compare.Output.IndexOf('{')..(compare.Output.LastIndexOf('}') + 1)])!;
        var pair = verdict["pairs"]!.AsArray().Single()!;
        Assert.True((int)pair["n"]! >= 2, compare.Output);
        Assert.Equal((0.0, 0.0, 0.0, 0.0), ((double)pair["mean_diff"]!, (double)pair["ci_low"]!, (double)pair["ci_high"]!, (double)pair["effect_size"]!));
        Assert.Null(pair["winner"]);
        var arms = verdict["arms"]!.AsArray();
        Assert.Equal((double)arms[0]!["mean"]!, (double)arms[1]!["mean"]!);

        // One twin trains 2 more steps; a sweep of its configuration trains 4 steps straight.
        string twin = SweepExpander.Expand(SweepSpecParser.Parse(File.ReadAllText(Path.Combine(_root, "twins.yaml")), "twins.yaml", _root))
            .Arms.Single(a => a.Label == "keep=4").Id;
        var extend = await ZsweepProcess.RunRealEngineAsync(Home, "extend", "twins", twin, "--steps", "2");
        Assert.True(extend.Exit == 0, extend.Output);
        var watch = await ZsweepProcess.RunRealEngineAsync(Home, "watch", "twins");
        Assert.True(watch.Exit == 0, watch.Output);
        var straight = await ZsweepProcess.RunRealEngineAsync(Home, "run", Spec("straight", 4, "{ name: keep, key: save.max_step_saves_to_keep, values: [4] }"));
        Assert.True(straight.Exit == 0, straight.Output);

        using (var extended = SafeTensorsFile.Open(Lora(Home, "twins", twin)))
        using (var uninterrupted = SafeTensorsFile.Open(Lora(Home, "straight", twin))) // the same assignment, so the same arm id
        {
            Assert.Equal(uninterrupted.Keys.Order(), extended.Keys.Order());
            foreach (string key in uninterrupted.Keys)
                Assert.True(uninterrupted.Read(key).eq(extended.Read(key)).all().item<bool>(), $"{key} differs between 2 + 2 steps and 4 steps");
        }
        await using var serve = ZsweepProcess.StartRealEngine(Home, "serve", "--urls", "http://127.0.0.1:0");
        await serve.WaitForOutputAsync("Serving http");
        string url = serve.Output.Split(' ', '\n').First(w => w.StartsWith("http://", StringComparison.Ordinal));
        using var http = new HttpClient();
        var curves = JsonNode.Parse(await http.GetStringAsync($"{url}/api/sweeps/twins/curves", TestContext.Current.CancellationToken))!.AsArray();
        var curve = curves.Single(c => (string)c!["armId"]! == twin)!;
        Assert.Equal([1L, 2, 3, 4], curve["loss"]!.AsArray().Select(p => (long)p!["step"]!));
    }

    [GeneratedRegex(@"(?<indent>\n\s+)steps: 2\n")]
    private static partial Regex TrainSteps();

    [GeneratedRegex(@"\n(?<indent>\s+)sample:\n.*?(?=\n\k<indent>validation:)", RegexOptions.Singleline)]
    private static partial Regex Previews();
}
