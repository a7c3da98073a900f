using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Contracts.Grids;

/// <summary>An image file cannot be read: unsupported, corrupt or truncated. Names the file.</summary>
public sealed class ImageDecodeException(string path, string reason)
    : Exception($"{path}: {reason}"), IUserFacingError
{
    public string FilePath { get; } = path;
}
