using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ZImageSweep.TransientScalarScan;

/// <summary>
/// Finds the members whose code makes a <c>Scalar</c> it neither returns, stores in a variable or field, nor declares
/// in a <c>using</c> (an argument, a receiver: a temporary), then every member that calls one of them, and keeps the
/// public ones.
/// </summary>
public static class TransientScalarFinder
{
    static readonly SymbolEqualityComparer Same = SymbolEqualityComparer.Default;
    static readonly SymbolDisplayFormat ShortName = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    public static IReadOnlyList<Hazard> PublicHazards(TorchSharpSource source)
    {
        var reasons = new Dictionary<IMethodSymbol, string>(Same);
        var callees = new Dictionary<IMethodSymbol, HashSet<IMethodSymbol>>(Same);
        foreach (SyntaxTree tree in source.Compilation.SyntaxTrees)
        {
            SemanticModel model = source.Compilation.GetSemanticModel(tree);
            foreach (var (method, body) in Bodies(tree, model))
            {
                var called = callees.TryGetValue(method, out var known) ? known : callees[method] = new HashSet<IMethodSymbol>(Same);
                foreach (IOperation operation in body.DescendantsAndSelf())
                {
                    if (Callee(operation, source) is { } callee) called.Add(callee.OriginalDefinition);
                    if (!reasons.ContainsKey(method) && MakesScalar(operation, source) && IsTemporary(operation))
                        reasons[method] = $"makes a temporary Scalar of '{Abbreviated(operation.Syntax.ToString())}' ({Where(operation)})";
                }
            }
        }
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var (method, called) in callees)
                if (!reasons.ContainsKey(method) && called.FirstOrDefault(reasons.ContainsKey) is { } hazardous)
                {
                    reasons[method] = $"calls {hazardous.ToDisplayString(ShortName)}, which makes a temporary Scalar";
                    grew = true;
                }
        }
        return [.. reasons.Where(r => IsPublic(r.Key))
            .Select(r => new Hazard(IdOf(r.Key), r.Value))
            .OrderBy(h => h.Id, StringComparer.Ordinal)];
    }

    static IEnumerable<(IMethodSymbol Method, IOperation Body)> Bodies(SyntaxTree tree, SemanticModel model)
    {
        foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
        {
            (ISymbol? symbol, SyntaxNode? body) = node switch
            {
                BaseMethodDeclarationSyntax m => (model.GetDeclaredSymbol(m), (SyntaxNode?)m.Body ?? m.ExpressionBody),
                AccessorDeclarationSyntax a => (model.GetDeclaredSymbol(a), (SyntaxNode?)a.Body ?? a.ExpressionBody),
                PropertyDeclarationSyntax { ExpressionBody: { } e } p => ((model.GetDeclaredSymbol(p) as IPropertySymbol)?.GetMethod, e),
                _ => (null, null),
            };
            if (symbol is IMethodSymbol method && body is not null && model.GetOperation(body) is { } operation)
                yield return (method, operation);
        }
    }

    /// <summary>The method an operation calls, operators and conversions included (not the Scalar conversions themselves).</summary>
    static IMethodSymbol? Callee(IOperation operation, TorchSharpSource source) => operation switch
    {
        IInvocationOperation invocation => invocation.TargetMethod,
        IBinaryOperation { OperatorMethod: { } op } => op,
        IUnaryOperation { OperatorMethod: { } op } => op,
        IConversionOperation { OperatorMethod: { } op } when !Same.Equals(op.ContainingType, source.Scalar) => op,
        IObjectCreationOperation { Constructor: { } constructor } => constructor,
        _ => null,
    };

    /// <summary>A new Scalar: an implicit or explicit conversion to it, a call that returns one, or <c>new Scalar</c>.</summary>
    static bool MakesScalar(IOperation operation, TorchSharpSource source) => operation switch
    {
        IConversionOperation { OperatorMethod: { } op } c => Same.Equals(op.ContainingType, source.Scalar) && Same.Equals(c.Type, source.Scalar),
        IInvocationOperation invocation => Same.Equals(invocation.TargetMethod.ReturnType, source.Scalar),
        IObjectCreationOperation creation => Same.Equals(creation.Type, source.Scalar),
        _ => false,
    };

    static bool IsTemporary(IOperation operation)
    {
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation) parent = parent.Parent;
        return parent is not (IReturnOperation or IVariableInitializerOperation or ISimpleAssignmentOperation or IArrayInitializerOperation);
    }

    static bool IsPublic(ISymbol symbol)
    {
        for (ISymbol? s = symbol; s is not null and not INamespaceSymbol; s = s.ContainingSymbol)
            if (s.DeclaredAccessibility != Accessibility.Public) return false;
        return true;
    }

    /// <summary>A property getter is banned by its property's id.</summary>
    static string IdOf(IMethodSymbol method) =>
        (method.AssociatedSymbol is IPropertySymbol property ? property.GetDocumentationCommentId() : method.GetDocumentationCommentId())!;

    static string Where(IOperation operation)
    {
        FileLinePositionSpan span = operation.Syntax.GetLocation().GetLineSpan();
        return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
    }

    static string Abbreviated(string expression)
    {
        string oneLine = string.Join(' ', expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 40 ? oneLine : oneLine[..37] + "...";
    }
}
