using System.Globalization;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Sampling;
using ZImageSweep.Engine.Tests.Models.ZImage;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Sampling;

/// <summary>The whole sampling loop against the official pipeline (stubbed text encoder, latents before decoding).</summary>
[Trait(Tier.Name, Tier.Reference)]
public sealed class ZImageSamplerReferenceTests
{
    public ZImageSamplerReferenceTests() => LibTorchLoader.EnsureLoaded();

    public static TheoryData<ReferenceCase> Cases => ReferenceCases.OfKind("pipeline");

    static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    [Theory, MemberData(nameof(Cases))]
    public void SamplingLoop_MatchesReferenceLatentsAndSchedule(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        using var model = ZImageReference.LoadModel(c);
        using var io = ReferenceCases.Open(c.Io);
        var meta = io.Metadata;
        string normalization = meta["cfg_normalization"];
        var request = new ZImageSampleRequest
        {
            CapPos = io.Read("cap_pos"),
            CapNeg = bool.Parse(meta["uses_negative"]) ? io.Read("cap_neg") : null,
            Width = int.Parse(meta["W"], CultureInfo.InvariantCulture),
            Height = int.Parse(meta["H"], CultureInfo.InvariantCulture),
            Steps = int.Parse(meta["steps"], CultureInfo.InvariantCulture),
            Shift = Number(meta["shift"]),
            Guidance = Number(meta["guidance"]),
            CfgTruncation = Number(meta["cfg_truncation"]),
            CfgNormalization = normalization is "false" or "False" ? 0 : Number(normalization),
            Noise = io.Read("noise"),
        };

        FlowMatchSchedule schedule = ZImageSampler.ScheduleFor(request);
        ReferenceCases.AssertClose($"{c.Name} sigmas", tensor(schedule.Sigmas), io.Read("sigmas"));
        ReferenceCases.AssertClose($"{c.Name} timesteps", tensor(schedule.Timesteps), io.Read("timesteps"));

        int calls = 0;
        Tensor latents = new ZImageSampler(model).Sample(request, (_, _) => calls++);
        Assert.Equal(request.Steps, calls);
        Assert.Equal(ScalarType.Float32, latents.dtype);
        ReferenceCases.AssertClose($"{c.Name} latents_out", latents, io.Read("latents_out"));
    }
}
