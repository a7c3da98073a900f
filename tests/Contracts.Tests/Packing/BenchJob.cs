using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Tests.Packing;

/// <summary>Jobs shaped like the bench's training rows (BENCHMARKS.md: LoRA r16 on all projections, AdamW, batch 1, bf16, no previews unless <c>sample</c> gives a section).</summary>
internal static class BenchJob
{
    public static ProcessConfig Process(int resolution = 512, bool checkpointing = true, string extraModel = "", string extraTrain = "", string extraNetwork = "", string device = "cuda", string sample = "", string optimizer = "adamw", string? trigger = null) =>
        JobDocument.Parse($$"""
            job: extension
            config:
              name: bench_row
              process:
                - type: diffusion_trainer
                  device: {{device}}
                  {{(trigger is null ? "" : "trigger_word: " + trigger)}}
                  model:
                    arch: "zimage:turbo"
                    name_or_path: Tongyi-MAI/Z-Image-Turbo
                    {{extraModel}}
                  network:
                    type: lora
                    linear: 16
                    {{extraNetwork}}
                  train:
                    dtype: bf16
                    optimizer: {{optimizer}}
                    disable_sampling: {{(sample.Length == 0 ? "true" : "false")}}
                    gradient_checkpointing: {{(checkpointing ? "true" : "false")}}
                    {{extraTrain}}
                  datasets:
                    - folder_path: /data/person
                      resolution: [{{resolution}}]
                  {{sample}}
            """, "bench-row.yaml").Bind().Process;
}
