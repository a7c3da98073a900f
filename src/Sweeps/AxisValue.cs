using YamlDotNet.RepresentationModel;

namespace ZImageSweep.Sweeps;

/// <summary>One value of an axis: the YAML node written into the job, its canonical text (hashed into arm ids) and its short label.</summary>
public sealed record AxisValue(YamlNode Node, string Text, string Label);
