using System.Security.Cryptography;

namespace ZImageSweep.Engine.Training.Checkpoints;

public static class FileHash
{
    /// <summary>Lower-case hex SHA-256 of a file, streamed.</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
