using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// A sweep's page: its arms, the steps at which any arm wrote samples (the grid's slider positions), and for an
/// adaptive search its progress (the arms are then in proposal order).
/// </summary>
public sealed record SweepView(
    string Name,
    int Concurrency,
    bool Finished,
    ImmutableArray<ArmView> Arms,
    ImmutableArray<long> SampleSteps,
    SearchProgress? Search = null);
