using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Training.Packing;

/// <summary>An arm cannot share a pack's base and step: names the arm and the setting that differs or is not packable.</summary>
public sealed class PackCompatibilityException(string arm, string key, string reason)
    : Exception($"arm '{arm}' cannot join the pack: {key}: {reason}"), IUserFacingError
{
    public string Arm { get; } = arm;
    public string Key { get; } = key;
}
