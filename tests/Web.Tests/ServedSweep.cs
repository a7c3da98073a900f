using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZImageSweep.Client.Commands.Demo;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Hosting;
using ZImageSweep.Silo.Web.Api;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Web.Tests;

/// <summary>
/// One sweep trained for real behind a live <c>zsweep serve</c>, shared by the API and page tests (starting the silo and
/// training it takes about 20 s). Its two arms differ in length, 4 and 6 steps, and learning rate, and sample two prompts
/// — the second at LoRA weight 0.5 — at the start and every 2 steps: the sample steps are 0, 2, 4 and 6, and the short
/// arm never reaches 6. Each checkpoint (2, 4, and the long arm's 6) scores the held-out loss on the demo's two held-out
/// images at five σ: ten paired items for the verdict, whose latest shared step is 4.
/// </summary>
public sealed class ServedSweep : IAsyncLifetime
{
    public const string Name = "web-e2e";
    public static readonly long[] SampleSteps = [0, 2, 4, 6];
    static readonly TimeSpan TrainingTimeout = TimeSpan.FromSeconds(180);
    readonly string _home = Directory.CreateTempSubdirectory("zsweep-web-").FullName;
    ServeProcess? _serve;

    public HttpClient Http { get; private set; } = null!;

    public string Url => _serve!.Url;

    public SweepDefinition Definition { get; private set; } = null!;

    public ArmDefinition ShortArm => Definition.Arms.Single(a => a.TotalSteps == 4);

    public ArmDefinition LongArm => Definition.Arms.Single(a => a.TotalSteps == 6);

    public async ValueTask InitializeAsync()
    {
        LibTorchLoader.EnsureLoaded();
        DemoFiles.Prepare(_home, steps: 4); // the demo's tiny model and dataset; its own spec is not used
        // Learning rates far apart make the arms' samples differ visibly from their first sample step on.
        Definition = Sweep(Name, """
            - zip:
                - { name: steps, key: train.steps, values: [4, 6] }
                - { name: lr, key: train.lr, values: [1e-3, 3e-2] }
            """);
        _serve = await ServeProcess.StartAsync(_home);
        Http = new HttpClient { BaseAddress = new Uri(_serve.Url) };
        await CallAsync(grains => grains.GetGrain<ISweepGrain>(Name).Create(Definition));
        await WaitUntilSampled();
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_serve is not null) await _serve.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    /// <summary>Grain calls as the CLI makes them (<c>zsweep run</c>, <c>cancel</c>): through an Orleans client of the served silo's gateway.</summary>
    public async Task CallAsync(Func<IGrainFactory, Task> call)
    {
        var silo = new SiloHostOptions();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(_serve!.GatewayPort, silo.ServiceId, silo.ClusterId));
        using var host = builder.Build();
        await host.StartAsync();
        await call(host.Services.GetRequiredService<IClusterClient>());
        await host.StopAsync();
    }

    /// <summary>Until both arms finished and the comparison knows every sample (its reports are one-way, so it may trail).</summary>
    async Task WaitUntilSampled()
    {
        var deadline = DateTime.UtcNow + TrainingTimeout;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var sweep = await Http.GetFromJsonAsync<SweepView>($"/api/sweeps/{Name}");
            last = string.Join(", ", sweep!.Arms.Select(a => $"{a.Label} {a.Status} {a.Step}/{a.TotalSteps}")) + $"; sample steps {string.Join(' ', sweep.SampleSteps)}";
            if (sweep.Finished && sweep.SampleSteps.SequenceEqual(SampleSteps)
                && (await Http.GetFromJsonAsync<StepView>($"/api/sweeps/{Name}/steps/4"))!.Arms.All(a => a.Reached)) return;
            await Task.Delay(500);
        }
        Assert.Fail($"The sweep was not trained and sampled within {TrainingTimeout.TotalSeconds} s; last seen: {last}\n{_serve!.Output}");
    }

    /// <summary>A sweep of the tiny model over <paramref name="axes"/> (YAML list items), sampling as described above; <paramref name="extra"/> adds top-level spec keys.</summary>
    public SweepDefinition Sweep(string name, string axes, string extra = "")
    {
        string model = Path.Combine(_home, "model"), dataset = Path.Combine(_home, "dataset"), heldOut = Path.Combine(_home, "validation");
        string spec = $$"""
            name: {{name}}
            concurrency: 2
            {{extra}}
            base:
              job: extension
              config:
                name: web
                process:
                  - type: diffusion_trainer
                    device: cpu
                    trigger_word: zdemo
                    training_seed: 42
                    model: { arch: "zimage:turbo", name_or_path: '{{model}}' }
                    network: { type: lora, linear: 4 }
                    save: { dtype: bf16, save_every: 2, max_step_saves_to_keep: 4 }
                    train: { steps: 4, lr: 1e-3, optimizer: adamw8bit, dtype: fp32, gradient_checkpointing: false }
                    datasets: [ { folder_path: '{{dataset}}', resolution: [64] } ]
                    sample:
                      sample_every: 2
                      width: 64
                      height: 64
                      seed: 42
                      sample_steps: 3
                      format: png
                      samples:
                        - prompt: "a [trigger] toy block, red, on a grey gradient"
                        - { prompt: "a [trigger] toy block, blue, on a grey gradient", network_multiplier: 0.5 }
                    validation: { folder_path: '{{heldOut}}', resolution: 64, turbo_drift: false, trigger_leakage: false }
            axes:

            """ + axes;
        return SweepExpander.Expand(SweepSpecParser.Parse(spec, $"{name}.yaml", _home));
    }
}
