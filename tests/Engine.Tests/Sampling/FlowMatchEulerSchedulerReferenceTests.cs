using System.Globalization;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Sampling;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Sampling;

/// <summary>The sigma and model-time tables against the reference scheduler's, for every steps/shift pair of the cases.</summary>
[Trait(Tier.Name, Tier.Reference)]
public sealed class FlowMatchEulerSchedulerReferenceTests
{
    public FlowMatchEulerSchedulerReferenceTests() => LibTorchLoader.EnsureLoaded();

    public static TheoryData<ReferenceCase> Cases => ReferenceCases.OfKind("scheduler");

    /// <summary>Every <c>sigmas.{steps}.{shift}</c> / <c>timesteps.{steps}.{shift}</c> table of the case, steps and shift read from the key.</summary>
    [Theory, MemberData(nameof(Cases))]
    public void Tables_MatchReference(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        using var io = ReferenceCases.Open(c.Io);
        var sigmaKeys = io.Keys.Where(k => k.StartsWith("sigmas.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(sigmaKeys);
        foreach (string key in sigmaKeys)
        {
            string suffix = key["sigmas.".Length..]; // "{steps}.{shift}", the shift itself may contain a dot
            int dot = suffix.IndexOf('.');
            int steps = int.Parse(suffix[..dot], CultureInfo.InvariantCulture);
            double shift = double.Parse(suffix[(dot + 1)..], CultureInfo.InvariantCulture);

            FlowMatchSchedule schedule = new FlowMatchEulerScheduler(shift).Schedule(steps);
            ReferenceCases.AssertClose($"{c.Name} {key}", tensor(schedule.Sigmas), io.Read(key));
            ReferenceCases.AssertClose($"{c.Name} timesteps.{suffix}", tensor(schedule.Timesteps), io.Read($"timesteps.{suffix}"));
        }
    }
}
