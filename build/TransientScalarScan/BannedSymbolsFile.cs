using Microsoft.CodeAnalysis;

namespace ZImageSweep.TransientScalarScan;

/// <summary>build/BannedSymbols.txt: one <c>id;reason</c> line per symbol, every reason pointing at the docs.</summary>
public static class BannedSymbolsFile
{
    const string Docs = "docs/platform.md#transient-scalars";

    public static void Write(TextWriter output, string commit, IEnumerable<IMethodSymbol> conversions, IReadOnlyList<Hazard> members)
    {
        output.WriteLine($"// TorchSharp APIs that hand libtorch a native object nothing keeps alive during the call ({Docs}):");
        output.WriteLine("// the implicit conversions to Scalar and to Tensor, and every public member of TorchSharp");
        output.WriteLine($"// (dotnet/TorchSharp {commit}) whose source makes such a temporary Scalar itself or calls a member that does.");
        output.WriteLine("// Written by build/TransientScalarScan; one line per symbol: id;reason.");
        foreach (IMethodSymbol conversion in conversions)
            output.WriteLine($"{conversion.GetDocumentationCommentId()};a value converted to a {conversion.ReturnType.Name} in an argument is a temporary the GC may free during the native call: hold it ({Docs})");
        foreach (Hazard member in members)
            output.WriteLine($"{member.Id};{member.Reason} ({Docs})");
    }
}
