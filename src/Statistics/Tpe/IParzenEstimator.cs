namespace ZImageSweep.Statistics.Tpe;

/// <summary>A density over one parameter built from observed coordinates: l(x) from the good trials, g(x) from the rest.</summary>
public interface IParzenEstimator
{
    /// <summary>A coordinate drawn from the mixture.</summary>
    double Sample(SplitMix64 random);

    /// <summary>The log density (a log probability for discrete coordinates) at <paramref name="x"/>.</summary>
    double LogPdf(double x);
}
