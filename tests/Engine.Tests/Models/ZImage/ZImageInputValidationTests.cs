using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.ZImage;

/// <summary>Wrong inputs fail before any computation, with a message naming the input and the value.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ZImageInputValidationTests : IDisposable
{
    readonly ZImageTransformer2DModel _model;
    readonly DisposeScope _scope;

    public ZImageInputValidationTests()
    {
        LibTorchLoader.EnsureLoaded();
        _model = new ZImageTransformer2DModel(ZImageConfig.Tiny);
        _scope = NewDisposeScope();
    }

    public void Dispose()
    {
        _scope.Dispose();
        _model.Dispose();
    }

    ZImageInputException Fails(Tensor x, Tensor cap, Tensor? t = null) =>
        Assert.Throws<ZImageInputException>(() => _model.forward([x], t ?? tensor(new[] { 0.5f }), [cap]));

    [Fact]
    public void WrongLatentChannelCount_NamesChannels()
    {
        var e = Fails(randn(4, 1, 4, 4), randn(3, 16));
        Assert.Contains("x[0]", e.Message);
        Assert.Contains("4 latent channels", e.Message);
        Assert.Contains("16", e.Message);
    }

    [Fact]
    public void CaptionFeatureDimMismatch_NamesBothDims()
    {
        var e = Fails(randn(16, 1, 4, 4), randn(3, 20));
        Assert.Contains("capFeats[0]", e.Message);
        Assert.Contains("20", e.Message);
        Assert.Contains("cap_feat_dim 16", e.Message);
    }

    [Fact]
    public void OddLatentSize_IsRejected() =>
        Assert.Contains("5x4", Fails(randn(16, 1, 5, 4), randn(3, 16)).Message);

    [Fact]
    public void LatentWithoutFrameAxis_IsRejected() =>
        Assert.Contains("[C, F, H, W]", Fails(randn(16, 4, 4), randn(3, 16)).Message);

    [Fact]
    public void TimestepCountDifferentFromBatch_IsRejected() =>
        Assert.Contains("t", Fails(randn(16, 1, 4, 4), randn(3, 16), tensor(new[] { 0.5f, 0.2f })).ParamName);

    [Fact]
    public void ImageBeyondRopeTables_IsRejected()
    {
        // Tiny has axes_lens [256, 32, 32]: 33 token columns need position 32 on axis 2.
        var e = Fails(randn(16, 1, 2, 66), randn(3, 16));
        Assert.Contains("axes_lens[2] = 32", e.Message);
    }
}
