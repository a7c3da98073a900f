namespace ZImageSweep.Engine.Sampling;

/// <summary>
/// FlowMatch Euler with a static shift and sigma_min 0 (docs/model.md#sigma-schedule), following the official scheduler's
/// arithmetic exactly: <c>linspace(1000, 0, N + 1)</c> without the last entry, divided by 1000, shifted by
/// <c>shift·s / (1 + (shift − 1)·s)</c> in float64, cast to float32; timesteps are <c>sigma · 1000</c> in float32.
/// </summary>
public sealed class FlowMatchEulerScheduler
{
    public const int NumTrainTimesteps = 1000;

    public double Shift { get; }

    public FlowMatchEulerScheduler(double shift)
    {
        if (!(shift > 0) || double.IsInfinity(shift)) throw new ArgumentOutOfRangeException(nameof(shift), shift, "shift must be a positive number");
        Shift = shift;
    }

    /// <summary>Turbo's scheduler (shift 3.0); the base model uses 6.0.</summary>
    public static FlowMatchEulerScheduler Turbo { get; } = new(3.0);

    public FlowMatchSchedule Schedule(int steps)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be at least 1");
        var sigmas = new float[steps + 1];
        var timesteps = new float[steps];
        // numpy.linspace(start, stop, num): start + i · (stop − start) / (num − 1), here with num = steps + 1.
        double start = NumTrainTimesteps, delta = -(double)NumTrainTimesteps / steps;
        for (int i = 0; i < steps; i++)
        {
            double s = (i * delta + start) / NumTrainTimesteps;
            sigmas[i] = (float)(Shift * s / (1 + (Shift - 1) * s));
            timesteps[i] = sigmas[i] * NumTrainTimesteps; // float32 product, as sigmas (float32 tensor) · 1000
        }
        sigmas[steps] = 0f;
        return new FlowMatchSchedule(sigmas, timesteps);
    }
}
