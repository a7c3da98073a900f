using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Weights;

/// <summary>A file a checkpoint needs is missing: names the file and what needed it (an index, a model folder).</summary>
public sealed class ModelFileNotFoundException(string path, string reason)
    : FileNotFoundException($"{reason}: {path}", path), IUserFacingError
{
    public string Reason { get; } = reason;
}
