using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ZImageSweep.TransientScalarScan;

/// <summary>
/// TorchSharp's C# source compiled for its semantic model only: the packages it uses for image and tensorboard
/// support are absent, so those files have errors, which the tensor, module and optimizer code does not depend on.
/// </summary>
public sealed record TorchSharpSource(CSharpCompilation Compilation)
{
    public INamedTypeSymbol Scalar { get; } = Compilation.GetTypeByMetadataName("TorchSharp.Scalar")
        ?? throw new InvalidOperationException("TorchSharp.Scalar not found: is this TorchSharp's src/TorchSharp folder?");

    public INamedTypeSymbol Tensor { get; } = Compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor")
        ?? throw new InvalidOperationException("TorchSharp.torch.Tensor not found: is this TorchSharp's src/TorchSharp folder?");

    public static TorchSharpSource Compile(string folder)
    {
        // The net8.0 build's symbols: the target the package's .NET assemblies are built for.
        var options = new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: ["NET", "NETCOREAPP", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET8_0_OR_GREATER"]);
        var trees = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), options, path));
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = Directory.GetFiles(runtime, "*.dll").Where(IsManaged).Select(path => MetadataReference.CreateFromFile(path));
        return new TorchSharpSource(CSharpCompilation.Create("TorchSharp", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable)));
    }

    /// <summary>The implicit conversions of other types to <c>Scalar</c> and to <c>Tensor</c>.</summary>
    public IEnumerable<IMethodSymbol> ImplicitConversions() =>
        new[] { Scalar, Tensor }.SelectMany(type => type.GetMembers("op_Implicit").OfType<IMethodSymbol>()
            .Where(m => SymbolEqualityComparer.Default.Equals(m.ReturnType, type) && !SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, type)));

    static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
