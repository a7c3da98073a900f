namespace ZImageSweep.TestSupport;

/// <summary>
/// The tiers every test class carries as <c>[Trait(Tier.Name, Tier.…)]</c>, so runs can be filtered by cost and by
/// what they need (tests/README.md lists them; <c>./test.sh --fast</c> runs <see cref="Unit"/> only).
/// </summary>
public static class Tier
{
    /// <summary>The trait's name.</summary>
    public const string Name = "Tier";

    /// <summary>Pure logic and single components on tiny CPU models: no server, no child process, no network.</summary>
    public const string Unit = "Unit";

    /// <summary>Numeric parity with the reference tensors in tests/Engine.Tests/Reference/data.</summary>
    public const string Reference = "Reference";

    /// <summary>
    /// Components working together for real: the whole trainer on a tiny model writing its files, an HTTP server,
    /// outside processes (PostgreSQL, Prometheus, silos, workers, the benchmark's row processes, the browser).
    /// </summary>
    public const string Integration = "Integration";

    /// <summary>An in-process Orleans test cluster with stand-in workers.</summary>
    public const string Cluster = "Cluster";

    /// <summary>A whole <c>zsweep</c> command, in process or as its own process, down to the files it writes.</summary>
    public const string EndToEnd = "EndToEnd";

    /// <summary>Full-size models on a CUDA device; skipped with the reason where there is none.</summary>
    public const string Gpu = "Gpu";
}
