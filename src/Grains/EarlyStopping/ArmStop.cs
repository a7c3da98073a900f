using ZImageSweep.Grains.Interfaces.EarlyStopping;

namespace ZImageSweep.Grains.EarlyStopping;

/// <summary>An early-stopping rule's verdict on one arm: stop it, for this reason.</summary>
public sealed record ArmStop(string ArmId, EarlyStopDecision Decision);
