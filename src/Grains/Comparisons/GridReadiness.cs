namespace ZImageSweep.Grains.Comparisons;

/// <summary>
/// When a sample step's grid is due: every arm is done with the step — it sampled it, it reported a later step without
/// sampling it (another sample schedule, or the step was a one-off sample-now of another arm), or it finished
/// (Completed, Failed, Cancelled, Stopped) before reaching it. Queued, Running and Paused arms that are not past the step can
/// still reach it and are waited for.
/// </summary>
public static class GridReadiness
{
    public static bool IsDue(long step, IEnumerable<(ArmHistory? History, bool Finished)> arms)
    {
        bool anySampled = false;
        foreach (var (history, finished) in arms)
        {
            bool sampled = history?.HasSampled(step) == true;
            anySampled |= sampled;
            if (!sampled && !finished && (history is null || history.FurthestStep <= step)) return false;
        }
        return anySampled;
    }
}
