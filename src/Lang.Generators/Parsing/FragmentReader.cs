using System.Collections.Generic;
using System.Linq;
using LlmLang.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmLang.Generators.Parsing;

/// <summary>
/// Turns the right-hand side of <c>s += …</c> into graph nodes: constant text, argument text,
/// computed text (with the variables it reads), roles, gens and selects. A fragment whose shape
/// depends on run-time values (e.g. <c>c ? Gen("a") : Gen("b")</c>) is reported as untraceable.
/// </summary>
internal sealed class FragmentReader
{
    private readonly TraceContext context;
    private readonly PrimitiveReader primitives;

    public FragmentReader(TraceContext context, PrimitiveReader primitives)
    {
        this.context = context;
        this.primitives = primitives;
    }

    /// <summary>Appends the nodes of <paramref name="expression"/>; returns why it cannot be traced, or null.</summary>
    public string? Read(ExpressionSyntax expression, string scope, List<NodeSpec> nodes)
    {
        expression = TraceContext.Unwrap(expression);
        if (context.Model.GetConstantValue(expression).Value is string constant)
        {
            nodes.Add(new NodeSpec(NodeKind.Text, scope) { Text = constant });
            return null;
        }
        switch (expression)
        {
            case InterpolatedStringExpressionSyntax interpolated:
                return ReadInterpolated(interpolated, scope, nodes);
            case InvocationExpressionSyntax invocation when primitives.IsPrimitive(invocation):
                nodes.Add(primitives.TryRead(invocation, scope)!);
                return null;
            case InvocationExpressionSyntax invocation when context.SymbolOf(invocation) is IMethodSymbol method && context.Symbols.IsRole(method):
                return ReadRole(invocation, method, scope, nodes);
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) && IsFragment(binary):
                return Read(binary.Left, scope, nodes) ?? Read(binary.Right, scope, nodes);
            case IdentifierNameSyntax identifier when context.SymbolOf(identifier) is IParameterSymbol p && context.Arguments.Contains(p):
                nodes.Add(new NodeSpec(NodeKind.Argument, scope) { Text = p.Name });
                return null;
        }
        if (ContainsPrimitive(expression) || context.MentionsState(expression) && context.ReadsIn(expression).Count == 0)
            return $"a fragment computed at run time ('{Shorten(expression)}')";
        nodes.Add(Computed(expression, scope));
        return null;
    }

    private string? ReadInterpolated(InterpolatedStringExpressionSyntax interpolated, string scope, List<NodeSpec> nodes)
    {
        foreach (InterpolatedStringContentSyntax content in interpolated.Contents)
        {
            if (content is InterpolatedStringTextSyntax text)
            {
                nodes.Add(new NodeSpec(NodeKind.Text, scope) { Text = text.TextToken.ValueText });
                continue;
            }
            var hole = (InterpolationSyntax)content;
            if (ContainsPrimitive(hole.Expression)) return $"a gen or select inside an interpolated string ('{Shorten(hole)}')";
            if (hole.AlignmentClause is null && hole.FormatClause is null
                && context.SymbolOf(hole.Expression) is IParameterSymbol p && context.Arguments.Contains(p))
                nodes.Add(new NodeSpec(NodeKind.Argument, scope) { Text = p.Name });
            else
                nodes.Add(Computed(hole.AlignmentClause is null && hole.FormatClause is null ? hole.Expression : hole, scope));
        }
        return null;
    }

    private string? ReadRole(InvocationExpressionSyntax invocation, IMethodSymbol method, string scope, List<NodeSpec> nodes)
    {
        string name = method.Name;
        if (name.StartsWith("Begin", System.StringComparison.Ordinal))
            nodes.Add(new NodeSpec(NodeKind.RoleBegin, scope) { Role = name.Substring(5) });
        else if (name.StartsWith("End", System.StringComparison.Ordinal))
            nodes.Add(new NodeSpec(NodeKind.RoleEnd, scope) { Role = name.Substring(3) });
        else if (invocation.ArgumentList.Arguments.Count == 1)
        {
            nodes.Add(new NodeSpec(NodeKind.RoleBegin, scope) { Role = name });
            string? why = Read(invocation.ArgumentList.Arguments[0].Expression, scope, nodes);
            if (why is not null) return why;
            nodes.Add(new NodeSpec(NodeKind.RoleEnd, scope) { Role = name });
        }
        else return $"a role call the generator does not know ('{Shorten(invocation)}')";
        return null;
    }

    private NodeSpec Computed(SyntaxNode expression, string scope) =>
        new(NodeKind.Expression, scope)
        {
            Text = Shorten(expression),
            Reads = context.ReadsIn(expression).Select(r => r.Name).Distinct().ToEquatableArray(),
        };

    private bool IsFragment(ExpressionSyntax expression) =>
        context.Model.GetTypeInfo(expression).Type?.ToDisplayString() == "LlmLang.Fragment";

    private bool ContainsPrimitive(SyntaxNode node) =>
        node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(primitives.IsPrimitive);

    private static string Shorten(SyntaxNode node)
    {
        string text = node.ToString();
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
