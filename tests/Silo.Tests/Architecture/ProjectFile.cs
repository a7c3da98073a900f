using System.Xml.Linq;

namespace ZImageSweep.Silo.Tests.Architecture;

/// <summary>
/// What a <c>.csproj</c> of this repository declares about its place in the graph: the projects it references, its
/// package references, whether it opts into TorchSharp (<c>UsesTorchSharp</c>, build/LibTorch.targets) and whether it
/// builds an executable. Read from the XML, so the test sees the graph as written, not as a build resolved it.
/// </summary>
internal sealed record ProjectFile(string Path, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> Packages, bool UsesTorchSharp, bool IsExecutable)
{
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The TorchSharp packages and the opt-in that brings them in, by the names build/LibTorch.targets uses.</summary>
    public bool BringsTorchSharp => UsesTorchSharp || Packages.Any(p => p.StartsWith("TorchSharp", StringComparison.Ordinal) || p.StartsWith("libtorch", StringComparison.Ordinal));

    public static ProjectFile Read(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        var xml = XDocument.Load(path);
        string folder = System.IO.Path.GetDirectoryName(path)!;
        IEnumerable<string> Includes(string item) => xml.Descendants(item).Select(e => (string?)e.Attribute("Include")).OfType<string>();
        string? Property(string name) => xml.Descendants(name).Select(e => e.Value.Trim()).LastOrDefault();
        return new ProjectFile(
            path,
            [.. Includes("ProjectReference").Select(p => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, p)))],
            [.. Includes("PackageReference")],
            string.Equals(Property("UsesTorchSharp"), "true", StringComparison.OrdinalIgnoreCase),
            string.Equals(Property("OutputType"), "Exe", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>This project and every project it references, directly or through others.</summary>
    public IReadOnlyList<ProjectFile> WithReferencesTransitively()
    {
        var seen = new Dictionary<string, ProjectFile>(StringComparer.Ordinal) { [Path] = this };
        var pending = new Stack<ProjectFile>([this]);
        while (pending.TryPop(out var project))
            foreach (string reference in project.ProjectReferences)
                if (!seen.ContainsKey(reference)) pending.Push(seen[reference] = Read(reference));
        return [.. seen.Values];
    }
}
