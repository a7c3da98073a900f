using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Training.Packing;

/// <summary>An arm cannot share the loaded base: names the arm and the setting that differs.</summary>
public sealed class PackCompatibilityException(string arm, string key, string reason)
    : Exception($"arm '{arm}' cannot join the pack: {key}: {reason}"), IUserFacingError
{
    public string Arm { get; } = arm;
    public string Key { get; } = key;
}
