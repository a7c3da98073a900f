using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps;

namespace ZImageSweep.TestSupport;

/// <summary>Test data: sweep definitions expanded from a spec over a tiny job the stand-in worker "trains".</summary>
public static class SweepBuilder
{
    /// <summary>A 2×2 sweep (rank 4/8 × lr 1e-4/2e-4) of <paramref name="steps"/> steps, checkpoints every 4.</summary>
    public static SweepDefinition TwoByTwo(string name, int steps = 12, int concurrency = 2, string meta = "") =>
        Expand(name, concurrency, steps, stepMs: 20, meta, """
              - { name: rank, key: network.linear, values: [4, 8] }
              - { name: lr, key: train.lr, values: [1e-4, 2e-4] }
            """);

    /// <summary>
    /// The README's sweep shape: training adapter v1/v2 × rank 8/16, <paramref name="steps"/> steps of
    /// <paramref name="stepMs"/> ms, checkpoints every 4; <paramref name="axes"/> 1 keeps only the rank axis (two arms).
    /// </summary>
    public static SweepDefinition AdapterByRank(string name, int steps, int stepMs, int concurrency, int axes = 2) =>
        Expand(name, concurrency, steps, stepMs, meta: "", string.Join('\n', new[]
        {
            "  - { name: rank, key: network.linear, values: [8, 16] }",
            "  - { name: adapter, key: model.assistant_lora_path, values: [ostris/zimage_turbo_training_adapter/v1.safetensors, ostris/zimage_turbo_training_adapter/v2.safetensors], labels: [v1, v2] }",
        }.Take(axes)));

    /// <summary>16 arms (rank 4/8/16/32 × lr 1e-4…4e-4) of <paramref name="steps"/> steps, all started at once.</summary>
    public static SweepDefinition FourByFour(string name, int steps, int stepMs) =>
        Expand(name, concurrency: 16, steps, stepMs, meta: "", """
              - { name: rank, key: network.linear, values: [4, 8, 16, 32] }
              - { name: lr, key: train.lr, values: [1e-4, 2e-4, 3e-4, 4e-4] }
            """);

    /// <summary>One arm; <paramref name="meta"/> adds stand-in worker wishes such as <c>, fake_crash_at_step: "6"</c>.</summary>
    public static SweepDefinition Single(string name, int steps = 12, string meta = "", int stepMs = 20, int saveEvery = 4) =>
        Expand(name, concurrency: 1, steps, stepMs, meta, "  - { name: rank, key: network.linear, values: [4] }", saveEvery);

    static SweepDefinition Expand(string name, int concurrency, int steps, int stepMs, string meta, string axes, int saveEvery = 4) =>
        SweepExpander.Expand(SweepSpecParser.Parse($$"""
            name: {{name}}
            concurrency: {{concurrency}}
            base:
              config:
                name: tiny
                process:
                  - model: { name_or_path: Tongyi-MAI/Z-Image-Turbo }
                    datasets: [ { folder_path: /data/images } ]
                    train: { steps: {{steps}} }
                    save: { save_every: {{saveEvery}} }
              meta: { fake_step_ms: "{{stepMs}}"{{meta}} }
            axes:
            {{axes}}
            """, "spec.yaml", Path.GetTempPath()));
}
