using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Text;

/// <summary>A tokenizer file is missing, malformed or uses a feature this port does not implement; names the file.</summary>
public sealed class TokenizerFormatException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {reason}", inner), IUserFacingError
{
    public string FilePath { get; } = path;
}
