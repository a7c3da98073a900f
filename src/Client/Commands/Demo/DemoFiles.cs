using System.Globalization;
using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.TinyModels;
using static TorchSharp.torch;

namespace ZImageSweep.Client.Commands.Demo;

/// <summary>
/// The demo's inputs under one folder: a random tiny Z-Image model with training adapters v1/v2, a small generated
/// dataset (coloured blocks on gradients, captioned with a trigger word), two held-out images of the same kind for the
/// validation loss, and the sweep spec — adapter v1/v2 × rank 8/16 over one base job, sized to finish in a few minutes
/// on two CPU cores. Existing model and dataset files are kept, so
/// a second run reuses them and the sweep resumes instead of restarting.
/// </summary>
public static class DemoFiles
{
    public const string SweepName = "demo";
    const string Trigger = "zdemo";
    static readonly (string Name, float R, float G, float B)[] Colours =
        [("red", 0.9f, 0.15f, 0.1f), ("green", 0.1f, 0.8f, 0.2f), ("blue", 0.1f, 0.3f, 0.9f), ("yellow", 0.95f, 0.85f, 0.1f),
         ("purple", 0.6f, 0.2f, 0.8f), ("orange", 1f, 0.55f, 0.1f)];
    /// <summary>Colours the LoRAs never train on: their images score the held-out validation loss.</summary>
    static readonly (string Name, float R, float G, float B)[] HeldOutColours = [("cyan", 0.1f, 0.85f, 0.9f), ("magenta", 0.9f, 0.1f, 0.7f)];

    public static string Prepare(string root, int steps)
    {
        LibTorchLoader.EnsureLoaded(); // the model and images are written with torch, before any pipeline loads it
        string model = Path.Combine(root, "model");
        if (!File.Exists(Path.Combine(model, "model_index.json"))) TinyModelWriter.Write(model, seed: 0);
        string dataset = Path.Combine(root, "dataset");
        if (!Directory.Exists(dataset) || Directory.GetFiles(dataset, "*.png").Length < Colours.Length) WriteDataset(dataset, Colours);
        string heldOut = Path.Combine(root, "validation");
        if (!Directory.Exists(heldOut) || Directory.GetFiles(heldOut, "*.png").Length < HeldOutColours.Length) WriteDataset(heldOut, HeldOutColours);
        string spec = Path.Combine(root, "sweep.yaml");
        File.WriteAllText(spec, Spec(model, dataset, heldOut, steps, TrainingDevice()));
        return spec;
    }

    /// <summary>
    /// The GPU when this process's libtorch sees one (a GPU host whose PyTorch the launcher found), else the CPU: the
    /// demo trains where a user's own job would, with no setting to change.
    /// </summary>
    static string TrainingDevice() => cuda.is_available() ? "cuda" : "cpu";

    /// <summary>A coloured block on a vertical gradient per colour, 64×64, with a caption file.</summary>
    static void WriteDataset(string folder, (string Name, float R, float G, float B)[] colours)
    {
        Directory.CreateDirectory(folder);
        for (int i = 0; i < colours.Length; i++)
        {
            var (name, r, g, b) = colours[i];
            using var scope = NewDisposeScope();
            Tensor ramp = linspace(0.2, 0.8, 64).view(1, 64, 1).expand(3, 64, 64).contiguous(); // (3, H, W) background
            Tensor image = ramp.clone();
            int x = 8 + 6 * i, y = 40 - 4 * i;
            image[.., y..(y + 20), x..(x + 20)] = tensor(new[] { r, g, b }).view(3, 1, 1);
            ImageFile.Save(image, Path.Combine(folder, $"block_{i}.png"));
            File.WriteAllText(Path.Combine(folder, $"block_{i}.txt"), $"a {Trigger} toy block, {name}, on a grey gradient");
        }
    }

    static string Spec(string model, string dataset, string heldOut, int steps, string device)
    {
        string Quote(string s) => "'" + s.Replace("'", "''") + "'";
        string inv(double v) => v.ToString(CultureInfo.InvariantCulture);
        string adapters = Path.Combine(model, TinyModelWriter.AdapterFolder);
        return $"""
            name: {SweepName}
            concurrency: 1
            method: grid
            base:
              job: extension
              config:
                name: demo
                process:
                  - type: diffusion_trainer
                    training_folder: output
                    device: {device}
                    trigger_word: {Trigger}
                    training_seed: 42
                    model:
                      arch: "zimage:turbo"
                      name_or_path: {Quote(model)}
                    network:
                      type: lora
                      linear: 8
                      linear_alpha: 8
                    save:
                      dtype: bf16
                      save_every: {Math.Max(1, steps / 4)}
                      max_step_saves_to_keep: 4
                    train:
                      steps: {steps}
                      batch_size: 1
                      lr: {inv(1e-3)}
                      optimizer: adamw8bit
                      dtype: fp32
                      noise_scheduler: flowmatch
                      timestep_type: weighted
                      gradient_checkpointing: false
                    datasets:
                      - folder_path: {Quote(dataset)}
                        caption_ext: txt
                        resolution: [64]
                        caption_dropout_rate: 0.05
                    sample:
                      sample_every: {Math.Max(1, steps / 2)}
                      width: 64
                      height: 64
                      seed: 42
                      walk_seed: true
                      guidance_scale: 1
                      sample_steps: 5
                      format: png
                      samples:
                        - prompt: "a [trigger] toy block, red, on a grey gradient"
                        - prompt: "a toy block on a grey gradient"
                    validation:
                      folder_path: {Quote(heldOut)}
                      resolution: 64
                      drift_prompts: ["a [trigger] toy block, red, on a grey gradient"]
                      drift_steps: [3, 8]
            axes:
              - name: adapter
                key: model.assistant_lora_path
                values: [{Quote(Path.Combine(adapters, TinyModelWriter.AdapterFileName("v1")))}, {Quote(Path.Combine(adapters, TinyModelWriter.AdapterFileName("v2")))}]
                labels: [v1, v2]
              - name: rank
                key: network.linear
                values: [8, 16]
            """;
    }
}
