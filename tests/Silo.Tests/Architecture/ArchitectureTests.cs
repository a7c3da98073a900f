using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ZImageSweep.Silo.Tests.Architecture;

/// <summary>
/// The arrows of docs/architecture.md as facts: the orchestration side (Contracts, Grains.Interfaces, Sweeps, Grains,
/// Silo) never reaches TorchSharp, neither in its project graph nor in the assemblies it was compiled against, and no
/// source project references an executable. Each check is paired with the place TorchSharp does enter (Engine), so a
/// detector that went blind would fail too.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ArchitectureTests
{
    public static TheoryData<string> TorchSharpFreeProjects => ["Contracts", "Grains.Interfaces", "Sweeps", "Grains", "Silo"];

    [Theory, MemberData(nameof(TorchSharpFreeProjects))]
    public void OrchestrationProject_ReachesNoTorchSharpThroughItsProjectReferences(string project)
    {
        var graph = Project(project).WithReferencesTransitively();

        Assert.DoesNotContain(graph, p => p.Name == "Engine");
        Assert.Empty(graph.Where(p => p.BringsTorchSharp).Select(p => p.Name));
    }

    [Fact]
    public void Engine_IsWhereTorchSharpEntersTheGraph()
    {
        Assert.True(Project("Engine").BringsTorchSharp);
        Assert.Contains(Project("Client").WithReferencesTransitively(), p => p.BringsTorchSharp);
    }

    [Theory, MemberData(nameof(TorchSharpFreeProjects))]
    public void OrchestrationAssembly_IsCompiledAgainstNoTorchSharpAssembly(string project)
    {
        var referenced = ReferencedAssembliesTransitively($"ZImageSweep.{project}");

        Assert.DoesNotContain(referenced, name => name.StartsWith("TorchSharp", StringComparison.Ordinal));
    }

    [Fact]
    public void EngineAssembly_IsCompiledAgainstTorchSharp()
    {
        Assert.Contains("TorchSharp", ReferencedAssembliesTransitively("ZImageSweep.Engine"));
    }

    [Fact]
    public void NoSourceProject_ReferencesAnExecutable()
    {
        var sourceProjects = Directory.GetFiles(Path.Combine(RepoRoot.Path, "src"), "*.csproj", SearchOption.AllDirectories).Select(ProjectFile.Read);

        var offending = from project in sourceProjects
                        from reference in project.ProjectReferences.Select(ProjectFile.Read)
                        where reference.IsExecutable
                        select $"{project.Name} -> {reference.Name}";

        Assert.Empty(offending);
        Assert.True(Project("Silo.Host").IsExecutable); // the detector reads OutputType where the executable declares it
    }

    static ProjectFile Project(string name) => ProjectFile.Read(Path.Combine(RepoRoot.Path, "src", name, $"{name}.csproj"));

    /// <summary>
    /// The names of every assembly <paramref name="assembly"/> references, following references into the assemblies
    /// beside the tests (this project's build output holds every project assembly and TorchSharp). The compiler keeps
    /// only references whose types the code uses, so this finds code that calls TorchSharp whatever the project says.
    /// </summary>
    static HashSet<string> ReferencedAssembliesTransitively(string assembly)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([assembly]);
        while (pending.TryPop(out var name))
        {
            string file = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            if (!File.Exists(file)) continue; // the shared framework: never TorchSharp
            using var pe = new PEReader(File.OpenRead(file));
            MetadataReader metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                string referenced = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                if (names.Add(referenced)) pending.Push(referenced);
            }
        }
        return names;
    }
}
