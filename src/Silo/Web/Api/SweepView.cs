using System.Collections.Immutable;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>A sweep's page: its arms and the steps at which any arm wrote samples (the grid's slider positions).</summary>
public sealed record SweepView(
    string Name,
    int Concurrency,
    bool Finished,
    ImmutableArray<ArmView> Arms,
    ImmutableArray<long> SampleSteps);
