using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Grains.Interfaces.Experiments;

/// <summary>A command asked for a status change the lifecycle does not allow (e.g. resuming a completed arm).</summary>
[GenerateSerializer, Alias("zsweep.InvalidTransitionException")]
public sealed class InvalidTransitionException : Exception, IUserFacingError
{
    public InvalidTransitionException(string experiment, ExperimentStatus from, ExperimentStatus to)
        : base($"Experiment {experiment} is {from} and cannot become {to}.")
    {
        Experiment = experiment;
        From = from;
        To = to;
    }

    [Id(0)] public string Experiment { get; }
    [Id(1)] public ExperimentStatus From { get; }
    [Id(2)] public ExperimentStatus To { get; }
}
