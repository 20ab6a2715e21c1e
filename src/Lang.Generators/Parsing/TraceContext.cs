using System.Collections.Generic;
using System.Linq;
using LlmLang.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmLang.Generators.Parsing;

/// <summary>A variable read found in the body: <c>s["x"]</c> or <c>s.Get&lt;T&gt;("x")</c> on a state of a known scope.</summary>
internal sealed record ReadSite(string Name, string Scope, SourceLocation Location);

/// <summary>
/// What the tracer knows about the symbols of a program body: which expressions denote a program
/// state (and of which scope: "" for the main state, the fork's local name for its branches), which
/// locals hold fork branches, and which locals carry values read from variables.
/// </summary>
internal sealed class TraceContext
{
    public TraceContext(SemanticModel model, LangSymbols symbols, IParameterSymbol state, IEnumerable<IParameterSymbol> arguments)
    {
        Model = model;
        Symbols = symbols;
        States[state] = "";
        foreach (var a in arguments) Arguments.Add(a);
    }

    public SemanticModel Model { get; }
    public LangSymbols Symbols { get; }

    /// <summary>State-valued symbols (the state parameter, foreach variables over branches) by scope.</summary>
    public Dictionary<ISymbol, string> States { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Locals holding the result of Fork, by the scope name their branches get.</summary>
    public Dictionary<ISymbol, string> Forks { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Locals whose value came from variables, with the reads they carry.</summary>
    public Dictionary<ISymbol, List<ReadSite>> Tainted { get; } = new(SymbolEqualityComparer.Default);

    public HashSet<IParameterSymbol> Arguments { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// The symbol a name binds to; a sole candidate counts too, so that code with an unrelated
    /// binding error (e.g. assigning to a foreach variable) is still traced and the user sees the compiler's error.
    /// </summary>
    public ISymbol? SymbolOf(SyntaxNode node)
    {
        SymbolInfo info = Model.GetSymbolInfo(node);
        return info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
    }

    /// <summary>The scope of a state expression (a state symbol or <c>branches[i]</c>), or null when it is not one.</summary>
    public string? ScopeOf(ExpressionSyntax expression)
    {
        expression = Unwrap(expression);
        if (expression is ElementAccessExpressionSyntax element && SymbolOf(element.Expression) is { } list && Forks.TryGetValue(list, out var forkScope))
            return forkScope;
        return SymbolOf(expression) is { } symbol && States.TryGetValue(symbol, out var scope) ? scope : null;
    }

    /// <summary>Every variable read under <paramref name="node"/>, including those carried by tainted locals.</summary>
    public List<ReadSite> ReadsIn(SyntaxNode node)
    {
        var reads = new List<ReadSite>();
        foreach (SyntaxNode n in node.DescendantNodesAndSelf())
        {
            switch (n)
            {
                case ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } access
                    when Symbols.IsState(Model.GetTypeInfo(access.Expression).Type) && ScopeOf(access.Expression) is { } scope:
                    AddRead(reads, access.ArgumentList.Arguments[0].Expression, scope, access);
                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Get" } member, ArgumentList.Arguments.Count: 1 } call
                    when Symbols.IsState(Model.GetTypeInfo(member.Expression).Type) && ScopeOf(member.Expression) is { } scope:
                    AddRead(reads, call.ArgumentList.Arguments[0].Expression, scope, call);
                    break;
                case IdentifierNameSyntax identifier when SymbolOf(identifier) is { } symbol && Tainted.TryGetValue(symbol, out var carried):
                    reads.AddRange(carried);
                    break;
            }
        }
        return reads;
    }

    /// <summary>True when <paramref name="node"/> mentions a state or fork local anywhere (so it may change the program).</summary>
    public bool MentionsState(SyntaxNode node) =>
        node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Any(i => SymbolOf(i) is { } s && (States.ContainsKey(s) || Forks.ContainsKey(s)));

    public static ExpressionSyntax Unwrap(ExpressionSyntax expression) =>
        expression is ParenthesizedExpressionSyntax p ? Unwrap(p.Expression) : expression;

    private void AddRead(List<ReadSite> reads, ExpressionSyntax name, string scope, SyntaxNode site)
    {
        if (Model.GetConstantValue(name).Value is string constant)
            reads.Add(new ReadSite(constant, scope, SourceLocation.From(site)));
    }
}
