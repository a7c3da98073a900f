using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Weights;

/// <summary>
/// A test module whose state dict has exactly the given keys and shapes (zeros of one dtype), built as nested
/// submodules so <c>a.b.weight</c> is a real field path. Stands in for the model modules, which these tests must not use.
/// </summary>
sealed class ParameterTree : nn.Module
{
    ParameterTree(string name) : base(name) { }

    public static ParameterTree FromShapes(IEnumerable<(string Key, long[] Shape)> parameters, ScalarType dtype)
    {
        var root = new ParameterTree("root");
        foreach (var (key, shape) in parameters)
        {
            string[] path = key.Split('.');
            ParameterTree node = root;
            foreach (string segment in path[..^1])
            {
                if (node.named_children().FirstOrDefault(c => c.name == segment).module is not ParameterTree child)
                {
                    child = new ParameterTree(segment);
                    node.register_module(segment, child);
                }
                node = child;
            }
            node.register_parameter(path[^1], new TorchSharp.Modules.Parameter(zeros(shape, dtype), requires_grad: false));
        }
        return root;
    }
}
