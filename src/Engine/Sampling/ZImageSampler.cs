using TorchSharp;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Sampling;

/// <summary>
/// The official Z-Image sampling loop (docs/model.md#euler-loop, docs/model.md#guidance) on caption features: seeded float32 noise, FlowMatch
/// Euler steps <c>x ← x + (σ_{i+1} − σ_i) · (−model(x, 1 − σ_i))</c>, optional guidance with truncation and
/// normalisation. Latents stay float32 between steps and are cast to the model dtype only as its input.
/// </summary>
public sealed class ZImageSampler(ZImageTransformer2DModel model)
{
    /// <summary>Pixels per latent token side: VAE downsampling 8 × patch 2.</summary>
    public const int PixelMultiple = 16;

    /// <summary>Runs the loop and returns the final latents, float32 [1, 16, 2·(H/16), 2·(W/16)], before VAE decoding.</summary>
    /// <param name="onStep">called after each step with its index and sigma (e.g. for progress).</param>
    public Tensor Sample(ZImageSampleRequest request, Action<int, float>? onStep = null)
    {
        long[] shape = LatentShape(request.Width, request.Height, model.Config.InChannels);
        Validate(request, shape);
        FlowMatchSchedule schedule = new FlowMatchEulerScheduler(request.Shift).Schedule(request.Steps);
        bool cfg = ClassifierFreeGuidance.Enabled(request.Guidance);

        using var scope = NewDisposeScope();
        Tensor latents = (request.Noise ?? InitialNoise(request.Seed, shape)).to(ScalarType.Float32, model.Device).clone(); // (1, C, h, w), owned here
        Tensor capPos = request.CapPos.to(model.Device), capNeg = (request.CapNeg ?? request.CapPos).to(model.Device);
        using var _ = no_grad();
        for (int i = 0; i < schedule.Steps; i++)
        {
            using var stepScope = NewDisposeScope();
            float modelTime = schedule.ModelTime(i);
            double guidance = ClassifierFreeGuidance.ScaleAt(request.Guidance, request.CfgTruncation, modelTime);
            bool applyCfg = cfg && guidance > 0;

            Tensor input = latents[0].to(model.DType).unsqueeze(1); // (C, h, w) -> (C, F=1, h, w)
            using Scalar time = modelTime.ToScalar(); // held across the call (HeldScalars)
            List<Tensor> outputs = applyCfg
                ? model.forward([input, input], full(2, time, ScalarType.Float32, model.Device), [capPos, capNeg])
                : model.forward([input], full(1, time, ScalarType.Float32, model.Device), [capPos]);
            Tensor pred = applyCfg
                ? ClassifierFreeGuidance.Combine(outputs[0].to(ScalarType.Float32), outputs[1].to(ScalarType.Float32), guidance, request.CfgNormalization)
                : outputs[0].to(ScalarType.Float32); // (C, 1, h, w)
            Tensor velocity = -pred.squeeze(1).unsqueeze(0); // the model predicts x0 − noise; the flow is its negation. (1, C, h, w)

            float dt = schedule.Sigmas[i + 1] - schedule.Sigmas[i]; // < 0, float32 like the reference
            using Scalar step = dt.ToScalar(); // held across the call (HeldScalars)
            Tensor next = latents.Plus(velocity.mul(step)).MoveToOuterDisposeScope();
            latents.Dispose(); // only the current latents outlive a step
            latents = next;
            onStep?.Invoke(i, schedule.Sigmas[i + 1]);
        }
        return latents.MoveToOuterDisposeScope();
    }

    /// <summary>The schedule a request runs, for logging and tests.</summary>
    public static FlowMatchSchedule ScheduleFor(ZImageSampleRequest request) =>
        new FlowMatchEulerScheduler(request.Shift).Schedule(request.Steps);

    /// <summary>
    /// Standard-normal float32 noise from a CPU generator seeded like <c>torch.manual_seed(seed)</c>, so the same seed
    /// gives the same noise on every device (the official script seeds a CUDA generator instead; those values differ).
    /// </summary>
    public static Tensor InitialNoise(long seed, long[] shape)
    {
        using var generator = new Generator(unchecked((ulong)seed), CPU);
        return randn(shape, ScalarType.Float32, CPU, generator: generator);
    }

    /// <exception cref="ZImageInputException">a side is not a positive multiple of 16.</exception>
    public static long[] LatentShape(int width, int height, int channels = 16)
    {
        if (width <= 0 || width % PixelMultiple != 0)
            throw new ZImageInputException(nameof(width), $"width {width} must be a positive multiple of {PixelMultiple}");
        if (height <= 0 || height % PixelMultiple != 0)
            throw new ZImageInputException(nameof(height), $"height {height} must be a positive multiple of {PixelMultiple}");
        return [1, channels, 2 * (height / PixelMultiple), 2 * (width / PixelMultiple)];
    }

    static void Validate(ZImageSampleRequest request, long[] shape)
    {
        if (request.Steps < 1) throw new ZImageInputException(nameof(request.Steps), $"steps {request.Steps} must be at least 1");
        if (ClassifierFreeGuidance.Enabled(request.Guidance) && request.CapNeg is null)
            throw new ZImageInputException(nameof(request.CapNeg), $"guidance {request.Guidance} needs negative caption features (encode the empty prompt for the official default)");
        if (request.Noise is { } noise && !noise.shape.SequenceEqual(shape))
            throw new ZImageInputException(nameof(request.Noise), $"noise {ShapeText.Of(noise.shape)} does not match the latent shape {ShapeText.Of(shape)} of {request.Width}x{request.Height}");
    }
}
