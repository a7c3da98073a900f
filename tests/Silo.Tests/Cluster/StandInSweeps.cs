using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>Sweeps of a tiny job for the stand-in worker: <paramref name="steps"/> steps of <c>stepMs</c> ms, a checkpoint every 4.</summary>
internal static class StandInSweeps
{
    public static SweepDefinition Expand(string name, string axes, int steps, int stepMs) => SweepExpander.Expand(SweepSpecParser.Parse($$"""
        name: {{name}}
        concurrency: 2
        base:
          config:
            name: tiny
            process:
              - model: { name_or_path: Tongyi-MAI/Z-Image-Turbo }
                datasets: [ { folder_path: /data/images } ]
                train: { steps: {{steps}}, batch_size: 2 }
                save: { save_every: 4 }
          meta: { fake_step_ms: "{{stepMs}}" }
        axes:
        {{axes}}
        """, "spec.yaml", Path.GetTempPath()));
}
