namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// Which libtorch versions TorchSharp 0.107's <c>libLibTorchSharp.so</c> can bind. It is built against libtorch 2.10:
/// older releases lack ops it calls; 2.11 was checked symbol by symbol and on an H100 (docs/platform.md#cuda-hosts-use-pytorchs-libraries). PyTorch gives
/// no C++ ABI promise across minor versions, so newer ones are used with a warning that <c>zsweep doctor</c> checks them.
/// </summary>
public static class LibTorchSupport
{
    public static readonly Version Minimum = new(2, 10);
    public static readonly Version Verified = new(2, 11);

    /// <summary>Why a PyTorch version cannot be used, or null when it can ("2.11.0+cu130", "2.10.0"; unknown passes).</summary>
    public static string? Refusal(string? version) =>
        Parse(version) is { } parsed && parsed < Minimum
            ? $"PyTorch {version} is older than {Minimum}, the libtorch TorchSharp 0.107 is built against"
            : null;

    /// <summary>A warning for a version newer than the ones checked, or null.</summary>
    public static string? Caveat(string? version) =>
        Parse(version) is { } parsed && parsed > Verified
            ? $"PyTorch {version} is newer than {Verified}, the newest checked with TorchSharp 0.107; `zsweep doctor` runs its numeric checks"
            : null;

    /// <summary>Major and minor of "2.11.0+cu130"; null when the text does not start that way.</summary>
    static Version? Parse(string? version)
    {
        string[] parts = (version ?? "").Split('.', '+');
        return parts.Length >= 2 && int.TryParse(parts[0], out int major) && int.TryParse(parts[1], out int minor) ? new Version(major, minor) : null;
    }
}
