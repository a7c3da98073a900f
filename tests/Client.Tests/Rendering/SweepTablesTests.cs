using Spectre.Console.Testing;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Tests.Rendering;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SweepTablesTests
{
    static ArmView Arm(string id, string label, string? slot, params string[] packedWith) =>
        new(id, label, "Running", 3, 10, 0.5, 0.4, 0.45, 1e-4, 0.3, null, 0, null, slot, null, null, packedWith);

    [Fact]
    public void SlotColumn_NamesTheArmsThatShareTheSlot()
    {
        var sweep = new SweepView("demo", 2, false,
            [Arm("a1", "rank=8", "gpu-1/0", "rank=16"), Arm("a2", "rank=16", "gpu-1/0", "rank=8"), Arm("a3", "rank=32", "gpu-1/1")], []);
        var console = new TestConsole().Width(220);

        console.Write(SweepTables.Arms(sweep, new ArtifactPaths(null)));

        string[] rows = console.Output.Split('\n');
        Assert.Contains(rows, r => r.Contains("rank=8 ", StringComparison.Ordinal) && r.Contains("gpu-1/0 with rank=16", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("rank=16 ", StringComparison.Ordinal) && r.Contains("gpu-1/0 with rank=8", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("rank=32", StringComparison.Ordinal) && r.Contains("gpu-1/1 ", StringComparison.Ordinal) && !r.Contains(" with ", StringComparison.Ordinal));
    }
}
