using System.Security.Cryptography;
using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Grains.Workers;

/// <summary>
/// A checkpoint is recorded only if the file is there and hashes to what the worker claimed, so durable state never
/// points at a half-written or wrong file.
/// </summary>
public static class CheckpointVerifier
{
    public static async Task<bool> IsCompleteAsync(CheckpointRef checkpoint, CancellationToken cancellationToken)
    {
        if (!File.Exists(checkpoint.Path)) return false;
        await using var stream = File.OpenRead(checkpoint.Path);
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return string.Equals(Convert.ToHexStringLower(hash), checkpoint.Sha256, StringComparison.OrdinalIgnoreCase);
    }
}
