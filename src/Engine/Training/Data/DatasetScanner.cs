using ZImageSweep.Contracts.Errors;
using ZImageSweep.Engine.Imaging;

namespace ZImageSweep.Engine.Training.Data;

/// <summary>An image folder that yields nothing to train on.</summary>
public sealed class EmptyDatasetException(string folder, string reason) : Exception($"dataset {folder}: {reason}"), IUserFacingError
{
    public string Folder { get; } = folder;
}

/// <summary>
/// Lists a dataset folder the way ai-toolkit does: recursively, skipping hidden folders and folders whose names start
/// with an underscore (caches, <c>_controls</c>), keeping .jpg/.jpeg/.png/.webp, in a stable (ordinal) order, each
/// image paired with <c>&lt;stem&gt;&lt;caption_ext&gt;</c> or the default caption.
/// </summary>
public static class DatasetScanner
{
    public static IReadOnlyList<TrainingImage> Scan(string folder, string captionExtension, string? defaultCaption)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"dataset folder not found: {folder}");
        string extension = captionExtension.StartsWith('.') ? captionExtension : "." + captionExtension;
        var images = Files(folder)
            .Where(path => ImageFile.SupportedExtensions.Contains(Path.GetExtension(path)))
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                string captionPath = Path.ChangeExtension(path, extension);
                string? captionText = File.Exists(captionPath) ? File.ReadAllText(captionPath) : null;
                return new TrainingImage(path, CaptionRules.Resolve(captionText, defaultCaption));
            })
            .ToList();
        if (images.Count == 0) throw new EmptyDatasetException(folder, "no .jpg, .jpeg, .png or .webp images found");
        return images;
    }

    static IEnumerable<string> Files(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder)) yield return file;
        foreach (string sub in Directory.EnumerateDirectories(folder))
        {
            string name = Path.GetFileName(sub);
            if (name.StartsWith('.') || name.StartsWith('_')) continue;
            foreach (string file in Files(sub)) yield return file;
        }
    }
}
