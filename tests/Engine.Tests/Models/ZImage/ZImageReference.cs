using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.ZImage;

/// <summary>Reads a transformer reference case: the model from its weights file, the items from its io file.</summary>
public static class ZImageReference
{
    public static ZImageTransformer2DModel LoadModel(ReferenceCase c, ScalarType dtype = ScalarType.Float32) =>
        ZImageTransformer2DModel.Load([Path.Combine(ReferenceCases.Directory, c.Weights ?? throw new InvalidDataException($"{c.Name}: no weights"))], dtype: dtype);

    /// <summary>The number of items <c>x.0 … x.(n−1)</c> in an io file.</summary>
    public static int ItemCount(SafeTensorsFile io)
    {
        int n = 0;
        while (io.Contains($"x.{n}")) n++;
        return n > 0 ? n : throw new InvalidDataException($"{io.Path}: no x.0");
    }

    public static (List<Tensor> X, Tensor T, List<Tensor> Caps) Inputs(SafeTensorsFile io)
    {
        int n = ItemCount(io);
        return (Enumerable.Range(0, n).Select(i => io.Read($"x.{i}")).ToList(),
            io.Read("t"),
            Enumerable.Range(0, n).Select(i => io.Read($"cap.{i}")).ToList());
    }
}
