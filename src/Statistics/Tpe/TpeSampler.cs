namespace ZImageSweep.Statistics.Tpe;

/// <summary>
/// The Tree-structured Parzen Estimator (Bergstra et al. 2011, "Algorithms for Hyper-Parameter Optimization", NeurIPS)
/// as Optuna's TPESampler runs it by default (optuna/samplers/_tpe/sampler.py at commit
/// 1d8ce7bb6f3c7274a7a31a0a007991995085baa7; independent, not multivariate): while fewer than the startup number of
/// trials are observed, every coordinate is drawn uniformly; then the observations are split into the
/// <see cref="Gamma"/>(n) best ("below") and the rest, each parameter gets a Parzen estimator l(x) over the below
/// coordinates and g(x) over the others, <see cref="EiCandidates"/> candidates are drawn from l, and the one with the
/// largest log l(x) − log g(x) (the expected-improvement criterion of the paper, §4) is proposed.
/// </summary>
/// <remarks>Pure: the same space, history and generator state give the same point.</remarks>
public sealed class TpeSampler(IReadOnlyList<SearchParameter> space, int startupTrials)
{
    /// <summary>Optuna's n_ei_candidates.</summary>
    public const int EiCandidates = 24;

    /// <summary>Optuna's n_startup_trials, used in full once a search has room for it (see <see cref="StartupTrials"/>).</summary>
    public const int OptunaStartupTrials = 10;

    public IReadOnlyList<SearchParameter> Space { get; } = space;

    /// <summary>
    /// Random trials before TPE takes over, for a search of <paramref name="count"/> trials: Optuna's 10, but at most a
    /// third of the budget (rounded up) so that a small search still spends most of it guided, and at least 2 so that the
    /// first split has a trial on each side.
    /// </summary>
    public static int StartupTrials(int count) => Math.Min(OptunaStartupTrials, Math.Max(2, (int)Math.Ceiling(count / 3.0)));

    /// <summary>How many of <paramref name="n"/> observations count as good: Optuna's default_gamma, min(⌈0.1 n⌉, 25).</summary>
    public static int Gamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>
    /// Optuna's default_weights for <paramref name="n"/> observations in trial order: all 1 below 25; from 25 on the
    /// oldest n − 25 ramp linearly from 1/n to 1 (numpy.linspace) and the newest 25 weigh 1.
    /// </summary>
    public static double[] Weights(int n)
    {
        if (n < 25) return Enumerable.Repeat(1.0, n).ToArray();
        int ramp = n - 25;
        double start = 1.0 / n;
        var weights = new double[n];
        for (int i = 0; i < ramp; i++) weights[i] = ramp == 1 ? start : start + i * (1.0 - start) / (ramp - 1);
        for (int i = ramp; i < n; i++) weights[i] = 1.0;
        return weights;
    }

    /// <param name="history">The observed trials in the order they were observed.</param>
    public double[] Propose(IReadOnlyList<TpeObservation> history, SplitMix64 random)
    {
        if (history.Count < startupTrials) return [.. Space.Select(p => p.DrawUniform(random))];
        var (below, above) = Split(history);
        return [.. Space.Select((parameter, i) => ProposeOne(parameter, i, below, above, random))];
    }

    /// <summary>The best Gamma(n) by value (ties to the earlier trial), and the rest; both kept in trial order, as the weights expect.</summary>
    public static (IReadOnlyList<TpeObservation> Below, IReadOnlyList<TpeObservation> Above) Split(IReadOnlyList<TpeObservation> history)
    {
        var belowIndices = Enumerable.Range(0, history.Count).OrderBy(i => history[i].Value).ThenBy(i => i)
            .Take(Gamma(history.Count)).ToHashSet();
        return ([.. history.Where((_, i) => belowIndices.Contains(i))], [.. history.Where((_, i) => !belowIndices.Contains(i))]);
    }

    static double ProposeOne(SearchParameter parameter, int index, IReadOnlyList<TpeObservation> below, IReadOnlyList<TpeObservation> above, SplitMix64 random)
    {
        var good = Estimator(parameter, index, below);
        var bad = Estimator(parameter, index, above);
        double best = double.NaN, bestScore = double.NegativeInfinity;
        for (int c = 0; c < EiCandidates; c++)
        {
            double candidate = good.Sample(random);
            double score = good.LogPdf(candidate) - bad.LogPdf(candidate);
            // The first of equal scores wins, as numpy.argmax picks it.
            if (c == 0 || score > bestScore) (best, bestScore) = (candidate, score);
        }
        return best;
    }

    static IParzenEstimator Estimator(SearchParameter parameter, int index, IReadOnlyList<TpeObservation> trials) =>
        parameter.Estimator([.. trials.Select(t => t.Point[index])], Weights(trials.Count));
}
