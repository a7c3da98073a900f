namespace ZImageSweep.Engine.Tests.Config;

/// <summary>Test data: job documents that bind, to be broken one key at a time.</summary>
internal static class JobYaml
{
    /// <summary>The smallest job that binds: every other key takes its default.</summary>
    public const string Minimal = """
        job: extension
        config:
          name: tiny_job
          process:
            - type: diffusion_trainer
              model:
                arch: "zimage:turbo"
                name_or_path: Tongyi-MAI/Z-Image-Turbo
              datasets:
                - folder_path: /data/person
        """;

    /// <summary>docs/training.md#example-job: the job ai-toolkit's UI writes for Z-Image Turbo.</summary>
    public const string UiTurbo = """
        job: extension
        config:
          name: zit_person_v1
          process:
            - type: diffusion_trainer
              training_folder: output
              device: cuda
              trigger_word: "sks_person"
              performance_log_every: 10
              network: { type: lora, linear: 32, linear_alpha: 32 }
              save: { dtype: bf16, save_every: 250, max_step_saves_to_keep: 4 }
              datasets:
                - folder_path: /data/person
                  caption_ext: txt
                  default_caption: ""
                  caption_dropout_rate: 0.05
                  cache_latents_to_disk: false
                  resolution: [512, 768, 1024]
                  flip_x: false
                  num_repeats: 1
              train:
                batch_size: 1
                steps: 3000
                gradient_accumulation: 1
                train_unet: true
                train_text_encoder: false
                gradient_checkpointing: true
                noise_scheduler: flowmatch
                optimizer: adamw8bit
                optimizer_params: { weight_decay: 0.0001 }
                lr: 0.0001
                timestep_type: weighted
                content_or_style: balanced
                loss_type: mse
                dtype: bf16
                unload_text_encoder: false
                cache_text_embeddings: false
                ema_config: { use_ema: false, ema_decay: 0.99 }
                diff_output_preservation: false
                diff_output_preservation_multiplier: 1.0
                diff_output_preservation_class: person
              logging: { log_every: 1, use_ui_logger: true }
              model:
                arch: "zimage:turbo"
                name_or_path: Tongyi-MAI/Z-Image-Turbo
                assistant_lora_path: ostris/zimage_turbo_training_adapter/zimage_turbo_training_adapter_v2.safetensors
                quantize: true
                qtype: qfloat8
                quantize_te: true
                qtype_te: qfloat8
                low_vram: true
              sample:
                sampler: flowmatch
                sample_every: 250
                width: 1024
                height: 1024
                samples: [ { prompt: "photo of [trigger] at the beach" } ]
                neg: ""
                seed: 42
                walk_seed: true
                guidance_scale: 1
                sample_steps: 9
        meta: { name: "[name]", version: "1.0" }
        """;

    public static ZImageSweep.Contracts.Jobs.JobDocument Parse(string yaml) =>
        ZImageSweep.Contracts.Jobs.JobDocument.Parse(yaml, "job.yaml");
}
