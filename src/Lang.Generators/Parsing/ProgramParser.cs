using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmLang.Generators.Diagnostics;
using LlmLang.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLang.Generators.Parsing;

/// <summary>
/// Turns one [LlmFunction] method into a <see cref="ProgramSpec"/> and its diagnostics. This is the
/// only place that touches symbols and syntax; what it returns holds plain values only.
/// </summary>
internal static class ProgramParser
{
    /// <summary>Parameter names the generated entry points use themselves.</summary>
    internal static readonly string[] ReservedParameterNames = { "backend", "options", "cancellationToken" };

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();
        LangSymbols? symbols = LangSymbols.From(context.SemanticModel.Compilation);
        if (symbols is null) return new ParseResult(null, default);

        CheckShape(method, syntax, symbols, diagnostics);
        if (diagnostics.Count > 0) return new ParseResult(null, diagnostics.ToEquatableArray());
        cancellationToken.ThrowIfCancellationRequested();

        SemanticModel model = context.SemanticModel;
        var schemas = new Dictionary<string, string>();
        var primitives = new PrimitiveReader(model, symbols, diagnostics, schemas);
        var trace = new TraceContext(model, symbols, method.Parameters[0], method.Parameters.Skip(1));
        var scopes = new VariableScopes(diagnostics, CollectNames(syntax, model, primitives), method.Name);
        var tracer = new ProgramTracer(trace, primitives, scopes, diagnostics, method.Name);
        if (syntax.Body is { } body) tracer.Trace(body.Statements);
        else if (syntax.ExpressionBody is { } arrow) tracer.Step(arrow.Expression);
        ForkUseChecker.Check(syntax, model, symbols, diagnostics);

        var spec = new ProgramSpec(
            TypeOf(method, syntax),
            method.Name,
            AccessibilityText(method.DeclaredAccessibility),
            method.Parameters[0].Name,
            method.Parameters.Skip(1).Select(p => new ParameterSpec(Identifier(p.Name), p.Type.ToDisplayString(TypeFormat))).ToEquatableArray(),
            tracer.Nodes.ToEquatableArray(),
            ResultVariables(scopes),
            schemas.OrderBy(s => s.Key, System.StringComparer.Ordinal).Select(s => new SchemaSpec(s.Key, s.Value)).ToEquatableArray(),
            tracer.IsComplete);
        return new ParseResult(spec, diagnostics.ToEquatableArray());
    }

    // The main state's variables, then those gathered from branches joined into it (one value per branch).
    private static EquatableArray<VariableSpec> ResultVariables(VariableScopes scopes)
    {
        var main = scopes.Produced.Where(n => n.Branch.Length == 0).ToList();
        var gathered = scopes.Produced
            .Where(n => scopes.JoinedIntoMain.Contains(n.Branch) && main.All(m => m.Name != n.Name))
            .GroupBy(n => n.Name).Select(g => g.First());
        return main.Select(n => new VariableSpec(n.Name, n.TypeName ?? "string", n.TypeName is not null, InBranch: false))
            .Concat(gathered.Select(n => new VariableSpec(n.Name, n.TypeName ?? "string", n.TypeName is not null, InBranch: true)))
            .ToEquatableArray();
    }

    private static void CheckShape(IMethodSymbol method, MethodDeclarationSyntax syntax, LangSymbols symbols, List<DiagnosticInfo> diagnostics)
    {
        var at = SourceLocation.From(syntax.Identifier.GetLocation());
        void Shape(string problem) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidProgramShape, at, method.Name, problem));

        if (!method.IsStatic) Shape("must be static");
        if (method.Parameters.Length == 0 || !symbols.IsState(method.Parameters[0].Type) || method.Parameters[0].RefKind != RefKind.None)
            Shape("must take a ProgramState as its first parameter");
        if (!method.ReturnsVoid) Shape("must return void (a program's output is its text and variables)");
        if (method.IsGenericMethod) Shape("cannot be generic");
        if (method.ContainingType.GetMembers(method.Name).Count(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == LlmFunctionGenerator.AttributeName)) > 1)
            Shape("is overloaded; the generated entry points need one program per name");
        foreach (IParameterSymbol p in method.Parameters.Skip(1))
        {
            if (p.RefKind != RefKind.None) Shape($"cannot take parameter '{p.Name}' by reference");
            if (ReservedParameterNames.Contains(p.Name)) Shape($"cannot name a parameter '{p.Name}': the generated entry points use that name");
        }
        foreach (TypeDeclarationSyntax type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, SourceLocation.From(type.Identifier.GetLocation()), type.Identifier.ValueText, method.Name));
        }
    }

    private static ProgramNames CollectNames(MethodDeclarationSyntax syntax, SemanticModel model, PrimitiveReader primitives)
    {
        var names = new ProgramNames();
        foreach (InvocationExpressionSyntax call in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(primitives.IsPrimitive))
        {
            var name = (model.GetOperation(call) as IInvocationOperation)?.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name");
            if (name?.Value.ConstantValue.Value is string constant)
            {
                if (!names.FirstSite.ContainsKey(constant)) names.FirstSite[constant] = SourceLocation.From(name.Value.Syntax);
            }
            else names.AnyDynamic = true;
        }
        return names;
    }

    private static TypeSpec TypeOf(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        var declarations = syntax.Ancestors().OfType<TypeDeclarationSyntax>().Reverse()
            .Select(t => new TypeDeclarationSpec(Keywords(t), t.Identifier.ValueText + (t.TypeParameterList?.ToString() ?? "")));
        INamespaceSymbol ns = method.ContainingType.ContainingNamespace;
        return new TypeSpec(ns.IsGlobalNamespace ? "" : ns.ToDisplayString(), declarations.ToEquatableArray());
    }

    private static string Keywords(TypeDeclarationSyntax type)
    {
        string kind = type switch
        {
            RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
            _ => type.Keyword.ValueText,
        };
        return (type.Modifiers.Any(SyntaxKind.StaticKeyword) ? "static " : "") + "partial " + kind;
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
