namespace ZImageSweep.Grains.Interfaces.Experiments;

/// <summary>An experiment's grain key is <c>&lt;sweep&gt;/&lt;arm id&gt;</c>: unique per sweep and stable across re-expansions.</summary>
public static class ExperimentKeys
{
    public static string For(string sweep, string armId) => $"{sweep}/{armId}";

    public static (string Sweep, string ArmId) Parse(string key)
    {
        int slash = key.LastIndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}
