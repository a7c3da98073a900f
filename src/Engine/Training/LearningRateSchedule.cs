using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// The learning rate at each optimizer step, as a pure function. Warm-up ramps linearly from 0 over
/// <see cref="WarmupSteps"/> steps (diffusers' convention: lr·step/warmup); afterwards constant stays flat, cosine
/// decays as ½(1 + cos πp) and linear as 1 − p, with p the fraction of the post-warm-up steps done, both ending at
/// <see cref="MinLrRatio"/>·lr.
/// </summary>
public sealed record LearningRateSchedule(LrSchedulerKind Kind, double BaseLr, int TotalSteps, int WarmupSteps = 0, double MinLrRatio = 0)
{
    public double At(int step)
    {
        if (WarmupSteps > 0 && step < WarmupSteps) return BaseLr * step / WarmupSteps;
        if (Kind == LrSchedulerKind.Constant) return BaseLr;
        double progress = Math.Clamp((step - WarmupSteps) / (double)Math.Max(1, TotalSteps - WarmupSteps), 0, 1);
        double factor = Kind switch
        {
            LrSchedulerKind.Cosine => 0.5 * (1 + Math.Cos(Math.PI * progress)),
            LrSchedulerKind.Linear => 1 - progress,
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
        };
        return BaseLr * (MinLrRatio + (1 - MinLrRatio) * factor);
    }
}
