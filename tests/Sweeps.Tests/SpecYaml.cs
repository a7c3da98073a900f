namespace ZImageSweep.Sweeps.Tests;

/// <summary>Test data: sweep specs over an inline base job.</summary>
internal static class SpecYaml
{
    const string BaseJob = """
        base:
          job: extension
          config:
            name: tiny
            process:
              - model: { arch: "zimage:turbo", name_or_path: Tongyi-MAI/Z-Image-Turbo }
                datasets: [ { folder_path: /data/images } ]
                train: { steps: 40, lr: 1e-4 }
        """;

    public static string With(string axes, string extra = "") => $"""
        name: s1
        {extra}
        {BaseJob}
        axes:
        {axes}
        """;

    /// <summary>The example: adapter v1/v2 × rank 8/16.</summary>
    public static readonly string TwoByTwo = With("""
          - { name: adapter, key: model.assistant_lora_path, values: [/adapters/v1.safetensors, /adapters/v2.safetensors] }
          - { name: rank, key: network.linear, values: [8, 16] }
        """, "concurrency: 2");

    public static SweepSpec Parse(string yaml) => SweepSpecParser.Parse(yaml, "spec.yaml", Path.GetTempPath());
}
