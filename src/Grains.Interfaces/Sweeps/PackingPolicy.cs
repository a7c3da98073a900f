namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// The spec's <c>packing: auto | off | &lt;k&gt;</c>: whether and how many arms of this sweep one worker trains on one
/// shared base. The default value is <see cref="PackingMode.Auto"/>, which a definition stored before the key existed
/// also reads as.
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.PackingPolicy")]
public readonly record struct PackingPolicy(
    [property: Id(0)] PackingMode Mode,
    [property: Id(1)] int MaxArms)
{
    public static PackingPolicy Auto => new(PackingMode.Auto, 0);
    public static PackingPolicy Off => new(PackingMode.Off, 1);
    public static PackingPolicy AtMost(int arms) => new(PackingMode.Fixed, arms);

    public override string ToString() => Mode switch
    {
        PackingMode.Auto => "auto",
        PackingMode.Off => "off",
        _ => MaxArms.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
