namespace ZImageSweep.Engine.Sampling;

/// <summary>
/// A sampling schedule: <c>Sigmas</c> has N + 1 entries ending in 0, <c>Timesteps</c> the N values 1000·sigma the
/// scheduler hands out, both float32 like the reference's tensors.
/// </summary>
public sealed record FlowMatchSchedule(float[] Sigmas, float[] Timesteps)
{
    public int Steps => Timesteps.Length;

    /// <summary>The model's time for step i: <c>(1000 − timestep) / 1000 = 1 − sigma</c> (0 = noise, 1 = clean).</summary>
    public float ModelTime(int step) => (1000f - Timesteps[step]) / 1000f;
}
