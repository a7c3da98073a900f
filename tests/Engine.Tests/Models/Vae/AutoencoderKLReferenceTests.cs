using TorchSharp;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.Vae;

/// <summary>The VAE against diffusers' AutoencoderKL outputs for every <c>vae</c> case of the reference manifest.</summary>
[Trait(Tier.Name, Tier.Reference)]
public sealed class AutoencoderKLReferenceTests
{
    public AutoencoderKLReferenceTests() => LibTorchLoader.EnsureLoaded();

    public static TheoryData<ReferenceCase> Cases => ReferenceCases.OfKind("vae");

    static AutoencoderKL LoadVae(ReferenceCase c, ScalarType dtype = ScalarType.Float32)
    {
        using SafeTensorsFile weights = ReferenceCases.Open(c.Weights!);
        var config = AutoencoderKLConfig.FromMetadata(weights);
        return AutoencoderKL.Load(config, [weights.Path], dtype);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Encode_MatchesReferenceMeanAndLogVar(ReferenceCase c)
    {
        using AutoencoderKL vae = LoadVae(c);
        using SafeTensorsFile io = ReferenceCases.Open(c.Io);
        using var scope = NewDisposeScope();

        var (mean, logvar) = vae.Encode(io.Read("image"));

        ReferenceCases.AssertClose($"{c.Name} enc_mean", mean, io.Read("enc_mean"));
        ReferenceCases.AssertClose($"{c.Name} enc_logvar", logvar, io.Read("enc_logvar"));
    }

    [Theory, MemberData(nameof(Cases))]
    public void Decode_MatchesReferenceDecoderOutput(ReferenceCase c)
    {
        using AutoencoderKL vae = LoadVae(c);
        using SafeTensorsFile io = ReferenceCases.Open(c.Io);
        using var scope = NewDisposeScope();

        Tensor decoded = vae.Decode(io.Read("z"));

        ReferenceCases.AssertClose($"{c.Name} decoded", decoded, io.Read("decoded"));
    }

    [Theory, MemberData(nameof(Cases))]
    public void DecodeLatentsToImage_UndoesTheLatentTransformAndMapsToUnitRange(ReferenceCase c)
    {
        using AutoencoderKL vae = LoadVae(c);
        using SafeTensorsFile io = ReferenceCases.Open(c.Io);
        using var scope = NewDisposeScope();
        // Transformer-space latents whose VAE latent is the reference z (docs/model.md#vae constants from the config).
        using Scalar shift = vae.Config.ShiftFactor.ToScalar(), scale = vae.Config.ScalingFactor.ToScalar();
        Tensor latents = io.Read("z").sub(shift).mul(scale);

        Tensor image = vae.DecodeLatentsToImage(latents);

        Tensor expected = io.Read("decoded").div(HeldScalars.Two).Plus(HeldScalars.Half).clamp(HeldScalars.Zero, HeldScalars.One);
        ReferenceCases.AssertClose($"{c.Name} decode path", image, expected);
        Assert.Equal(ScalarType.Float32, image.dtype);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Bf16DecodeAndEncode_AgreeWithFp32Within2Percent(ReferenceCase c)
    {
        using AutoencoderKL fp32 = LoadVae(c);
        using AutoencoderKL bf16 = LoadVae(c, ScalarType.BFloat16);
        using SafeTensorsFile io = ReferenceCases.Open(c.Io);
        using var scope = NewDisposeScope();
        Tensor z = io.Read("z");

        Tensor low = bf16.Decode(z);
        Tensor full = fp32.Decode(z);

        Assert.Equal(ScalarType.BFloat16, bf16.DType);
        Assert.Equal(ScalarType.BFloat16, low.dtype);
        double error = ReferenceCases.RelativeL2(low, full);
        Console.WriteLine($"[bf16] {c.Name} decode vs fp32: relative L2 error {error:E3}");
        Assert.True(error < 2e-2, $"bf16 decode differs from fp32 by {error:E3}");
        Assert.True(error > 0, "bf16 decode should not be bit-identical to fp32 (was it really run in bf16?)");

        Tensor image = io.Read("image");
        double encodeError = ReferenceCases.RelativeL2(bf16.Encode(image).Mean, fp32.Encode(image).Mean);
        Console.WriteLine($"[bf16] {c.Name} encode mean vs fp32: relative L2 error {encodeError:E3}");
        Assert.True(encodeError < 2e-2, $"bf16 encode differs from fp32 by {encodeError:E3}");
    }

    [Theory, MemberData(nameof(Cases))]
    public void ModuleKeysAndShapes_EqualTheReferenceWeights(ReferenceCase c)
    {
        using SafeTensorsFile weights = ReferenceCases.Open(c.Weights!);
        using var vae = new AutoencoderKL(AutoencoderKLConfig.FromMetadata(weights), new Device(DeviceType.META));

        var actual = vae.state_dict().ToDictionary(kv => kv.Key, kv => string.Join(",", kv.Value.shape));
        var expected = weights.Entries.ToDictionary(e => e.Key, e => string.Join(",", e.Shape));

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, shape) in expected) Assert.True(actual[key] == shape, $"{key}: [{actual[key]}] vs reference [{shape}]");
    }
}
