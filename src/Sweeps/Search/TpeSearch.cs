using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Statistics;
using ZImageSweep.Statistics.Tpe;

namespace ZImageSweep.Sweeps.Search;

/// <summary>
/// A tpe sweep's search: proposes its next arm from the arms proposed so far and the values observed for the finished
/// ones. A proposal is a pure function of the spec, its index and the observations in order: each is drawn with a
/// <see cref="SplitMix64"/> seeded from the spec's seed, the proposal index and the attempt, so a silo that restarts
/// with the same state proposes the same arm. Every arm is built and validated as a grid arm is
/// (<see cref="SweepExpander.BuildArm"/>); one that repeats an earlier arm or does not validate is drawn again.
/// </summary>
public sealed class TpeSearch
{
    /// <summary>Redraws by TPE before falling back to uniform draws (a TPE that is sure of one region keeps proposing it).</summary>
    const int TpeAttempts = 32;
    const int MaxAttempts = 1000;

    readonly SweepSpec _spec;
    readonly TpeSampler _sampler;

    TpeSearch(SweepSpec spec)
    {
        _spec = spec;
        Space = new TpeSearchSpace(spec);
        _sampler = new TpeSampler(Space.Parameters, TpeSampler.StartupTrials(spec.RandomCount));
    }

    /// <param name="searchYaml">A <see cref="SweepDefinition.Search"/>.</param>
    /// <exception cref="SweepSpecException">The text is no tpe spec.</exception>
    public static TpeSearch Read(string searchYaml, string sweep)
    {
        var spec = SweepSpecParser.Parse(searchYaml, $"sweep '{sweep}' (search)", baseDirectory: Path.GetTempPath());
        return spec.Method == SweepMethod.Tpe ? new TpeSearch(spec) : throw new SweepSpecException(sweep, ["the search spec is not method tpe"]);
    }

    public TpeSearchSpace Space { get; }

    /// <summary>How many arms the search proposes in all.</summary>
    public int Count => _spec.RandomCount;

    public ComparisonMetric Objective => _spec.Objective;

    /// <param name="proposed">The arms proposed so far, in order; the new arm's proposal index is their count.</param>
    /// <param name="observed">The values of finished arms in the order they were observed (failed arms are left out by the caller).</param>
    /// <exception cref="InvalidOperationException">No new, valid arm was drawn in <see cref="MaxAttempts"/> attempts.</exception>
    public ArmDefinition Propose(IReadOnlyList<ArmDefinition> proposed, IReadOnlyList<SearchObservation> observed)
    {
        var history = observed.Select(o => new TpeObservation(Space.PointOf(proposed.First(a => a.Id == o.ArmId).Assignment), o.Value)).ToArray();
        var taken = proposed.Select(a => a.Id).ToHashSet();
        var problems = new List<string>();
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var random = new SplitMix64(Seed(proposed.Count, attempt));
            double[] point = attempt < TpeAttempts ? _sampler.Propose(history, random) : [.. Space.Parameters.Select(p => p.DrawUniform(random))];
            problems.Clear();
            if (SweepExpander.BuildArm(_spec, Space.Choose(point), seed: null, replicate: 0, problems) is { } arm && !taken.Contains(arm.Id)) return arm;
        }
        throw new InvalidOperationException($"Sweep '{_spec.Name}': no new arm in {MaxAttempts} draws for proposal {proposed.Count + 1}"
            + (problems.Count > 0 ? $"; the last did not validate: {string.Join("; ", problems)}" : "; every draw repeated an earlier arm"));
    }

    ulong Seed(int proposal, int attempt) => ((ulong)(uint)_spec.Seed << 32) ^ ((ulong)(uint)proposal << 16) ^ (uint)attempt;
}
