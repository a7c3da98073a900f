using System.Reflection;
using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Engine.Tests.Config;

/// <summary>The README's key table is the one <see cref="JobKeyTable"/> renders from the schema.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ReadmeJobKeyTableTests
{
    const string Begin = "<!-- job-keys:begin -->", End = "<!-- job-keys:end -->";

    static string Readme => Path.Combine(
        typeof(ReadmeJobKeyTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "README.md");

    [Fact]
    public void ReadmeKeyTable_IsTheTableTheSchemaRenders()
    {
        string readme = File.ReadAllText(Readme);
        int start = readme.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length, end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= Begin.Length && end > start, $"README.md has no {Begin} … {End} block");
        string expected = Environment.NewLine + JobKeyTable.Markdown();
        if (readme[start..end] != expected && Environment.GetEnvironmentVariable("ZSWEEP_UPDATE_README") == "1")
            File.WriteAllText(Readme, readme[..start] + expected + readme[end..]);
        else
            Assert.True(readme[start..end] == expected, "README.md's job key table differs from src/Engine/Config/Keys; rerun this test with ZSWEEP_UPDATE_README=1 to rewrite it");
    }
}
