using System.Security.Cryptography;
using System.Text;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Sweeps;

/// <summary>
/// Stable arm ids: a hash of the resolved assignment (key path = canonical value), independent of axis order and of
/// how values were written, so re-expanding a spec — or adding an axis value — keeps the existing arms' ids.
/// </summary>
public static class ArmIds
{
    const int HexLength = 12;

    public static string For(IEnumerable<AxisAssignment> assignment)
    {
        string canonical = string.Join("\n", assignment.Select(a => $"{a.KeyPath}={a.Value}").Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..HexLength];
    }
}
