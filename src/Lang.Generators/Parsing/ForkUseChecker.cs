using System.Collections.Generic;
using System.Linq;
using LlmLang.Generators.Diagnostics;
using LlmLang.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmLang.Generators.Parsing;

/// <summary>
/// LLM0009: fork branches are only valid between Fork and the Join that consumes them; any later
/// use of the branch list (other than another Join of it, e.g. in the other arm of an if) is an error.
/// </summary>
internal static class ForkUseChecker
{
    public static void Check(SyntaxNode body, SemanticModel model, LangSymbols symbols, List<DiagnosticInfo> diagnostics)
    {
        foreach (VariableDeclaratorSyntax declarator in body.DescendantNodes().OfType<VariableDeclaratorSyntax>())
        {
            if (declarator.Initializer?.Value is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Fork" } fork }
                || !symbols.IsState(model.GetTypeInfo(fork.Expression).Type)
                || model.GetDeclaredSymbol(declarator) is not { } local)
                continue;

            var uses = UsesOf(local, body, model);
            var join = uses.FirstOrDefault(u => IsJoinArgument(u, model, symbols));
            if (join is null) continue;
            int joinedAt = join.FirstAncestorOrSelf<InvocationExpressionSyntax>()!.Span.End;
            // A branch taken out of the list (var f = branches[i]) is just as invalid after the join.
            var aliases = body.DescendantNodes().OfType<VariableDeclaratorSyntax>()
                .Where(d => d.SpanStart < joinedAt && d.Initializer?.Value is ElementAccessExpressionSyntax e && uses.Contains(e.Expression))
                .Select(d => model.GetDeclaredSymbol(d)).Where(a => a is not null);
            foreach (IdentifierNameSyntax use in uses.Concat(aliases.SelectMany(a => UsesOf(a!, body, model)))
                         .Where(u => u.SpanStart > joinedAt && !IsJoinArgument(u, model, symbols)))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ForkUsedOutsideJoin, SourceLocation.From(use), local.Name));
        }
    }

    private static List<IdentifierNameSyntax> UsesOf(ISymbol local, SyntaxNode body, SemanticModel model) =>
        body.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(i => i.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i).Symbol, local))
            .ToList();

    private static bool IsJoinArgument(IdentifierNameSyntax use, SemanticModel model, LangSymbols symbols) =>
        use.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Join" } join } } }
        && symbols.IsState(model.GetTypeInfo(join.Expression).Type);
}
