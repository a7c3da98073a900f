using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.ZImage;

/// <summary>The transformer against the official implementation's outputs on small random configurations.</summary>
[Trait(Tier.Name, Tier.Reference)]
public sealed class ZImageTransformerReferenceTests
{
    public ZImageTransformerReferenceTests() => LibTorchLoader.EnsureLoaded();

    public static TheoryData<ReferenceCase> Cases => ReferenceCases.OfKind("transformer");

    [Theory, MemberData(nameof(Cases))]
    public void BatchedForward_MatchesReference(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        using var model = ZImageReference.LoadModel(c);
        using var io = ReferenceCases.Open(c.Io);
        var (x, t, caps) = ZImageReference.Inputs(io);

        List<Tensor> outputs;
        using (no_grad()) outputs = model.forward(x, t, caps);

        for (int i = 0; i < x.Count; i++)
            ReferenceCases.AssertClose($"{c.Name} out.{i}", outputs[i], io.Read($"out.{i}"));
    }

    [Theory, MemberData(nameof(Cases))]
    public void SingleItemForward_MatchesReference(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        using var model = ZImageReference.LoadModel(c);
        using var io = ReferenceCases.Open(c.Io);
        var (x, t, caps) = ZImageReference.Inputs(io);

        for (int i = 0; i < x.Count; i++)
        {
            List<Tensor> output;
            using (no_grad()) output = model.forward([x[i]], t[i..(i + 1)], [caps[i]]);
            ReferenceCases.AssertClose($"{c.Name} out_single.{i}", output[0], io.Read($"out_single.{i}"));
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void Bf16Forward_AgreesWithFloat32ReferenceWithin2Percent(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        using var model = ZImageReference.LoadModel(c, ScalarType.BFloat16);
        using var io = ReferenceCases.Open(c.Io);
        var (x, t, caps) = ZImageReference.Inputs(io);
        Assert.Equal(ScalarType.BFloat16, model.DType);

        List<Tensor> outputs;
        using (no_grad()) outputs = model.forward(x, t, caps);

        for (int i = 0; i < x.Count; i++)
        {
            Assert.Equal(ScalarType.BFloat16, outputs[i].dtype);
            double error = ReferenceCases.RelativeL2(outputs[i], io.Read($"out.{i}"));
            TestContext.Current.SendDiagnosticMessage($"{c.Name} bf16 out.{i}: relative L2 error {error:E3}");
            Console.WriteLine($"[reference] {c.Name} bf16 out.{i}: relative L2 error {error:E3} (tolerance 2E-02)");
            Assert.True(error <= 2e-2, $"bf16 out.{i}: relative L2 error {error:E3} exceeds 2e-2");
        }
    }
}
