using Spectre.Console;

namespace ZImageSweep.Client.Rendering;

/// <summary>
/// Paths in tables, shown relative to the artifacts root, which the table's caption names once: absolute paths under
/// <c>~/.zsweep/demo/artifacts/sweeps/…</c> would take most of an 80-column terminal in every row.
/// </summary>
/// <param name="root">The artifacts root (<c>Artifacts:Root</c>), or null where this process does not know it
/// (a cluster client without <c>Artifacts__Root</c>): paths are then shown as they are.</param>
public sealed class ArtifactPaths(string? root)
{
    /// <summary>The path relative to the root, or as given where it lies outside the root.</summary>
    public string Show(string path)
    {
        if (root is null) return path;
        string relative = Path.GetRelativePath(root, path);
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    /// <summary>Names the root under the table, where its relative paths start.</summary>
    public Table Captioned(Table table) => root is null ? table : table.Caption($"paths under {Markup.Escape(root)}");
}
