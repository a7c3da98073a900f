using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Training;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class JobTrainerOptionsTests
{
    static TrainerOptions Map(string process) => JobTrainerOptions.From(JobDocument.Parse($$"""
        job: extension
        config:
          name: my_lora
          process:
            - training_folder: /runs
              trigger_word: sks
              model: { arch: "zimage:deturbo", name_or_path: ostris/Z-Image-De-Turbo, low_vram: true, quantize: true }
              network: { type: lora, linear: 16, linear_alpha: 16, network_kwargs: { ignore_if_contains: [adaLN] } }
              datasets: [ { folder_path: /data, resolution: [512, 768] } ]
        {{process}}
        """, "job.yaml").Bind());

    [Fact]
    public void AiToolkitSampleConventions_MapToTheOfficialPipeline()
    {
        var options = Map("""
                  sample: { sample_every: 250, guidance_scale: 3, sample_steps: 26, samples: [ { prompt: a, guidance_scale: 1, sample_steps: 9 } ] }
            """);
        SampleOptions sample = options.Sample!;
        Assert.Equal(2.0, sample.Guidance);          // g = s − 1: De-Turbo's 3 is pos + 2(pos − neg), standard CFG 3
        Assert.Equal(25, sample.Steps);              // ai-toolkit's 26 include a final no-op step at σ = 0
        Assert.Equal(0.0, sample.Prompts[0].Guidance); // Turbo's 1: no CFG
        Assert.Equal(8, sample.Prompts[0].Steps);      // Turbo's 9 are the official 8
    }

    [Fact]
    public void TrainSaveAndModelKeys_MapOntoTheTrainer()
    {
        var options = Map("""
                  train: { steps: 2500, lr: 5e-5, optimizer: adamw8bit, unload_text_encoder: true, do_differential_guidance: true }
                  save: { dtype: bf16, save_every: 250 }
            """);
        Assert.Equal(Path.Combine("/runs", "my_lora"), options.OutputFolder);
        Assert.Equal(16, options.Rank);
        Assert.True(options.Targets.Includes("layers.0.attention.to_q"));
        Assert.False(options.Targets.Includes("layers.0.adaLN_modulation.0"));
        Assert.Equal(OptimizerKind.AdamW8Bit, options.Optimizer);
        Assert.Equal(1e-6, options.OptimizerHyper.Eps);       // bitsandbytes' AdamW8bit as ai-toolkit builds it
        Assert.Equal(0.01, options.OptimizerHyper.WeightDecay); // its default when optimizer_params has none
        Assert.True(options.TrainOnTriggerOnly);
        Assert.Equal(3.0, options.DifferentialGuidanceScale);
        Assert.True(options.LowVram);
        Assert.True(options.QuantizeBase);
        Assert.Equal(ScalarType.BFloat16, options.SaveDtype);
        Assert.Equal([512, 768], options.Datasets[0].ResolutionList);
        Assert.Null(options.Sample);
    }
}
