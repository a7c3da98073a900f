using ZImageSweep.Grains.Interfaces.Errors;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>No arm of a sweep samples at that step.</summary>
[GenerateSerializer, Alias("zsweep.StepNotFoundException")]
public sealed class StepNotFoundException : NotFoundException
{
    public StepNotFoundException(string sweep, long step, IEnumerable<long> sampleSteps)
        : base($"No arm of sweep '{sweep}' has samples at step {step}; sample steps: {string.Join(", ", sampleSteps)}.")
    {
        Sweep = sweep;
        Step = step;
    }

    [Id(0)] public string Sweep { get; }
    [Id(1)] public long Step { get; }
}
