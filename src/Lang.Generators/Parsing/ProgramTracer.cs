using System.Collections.Generic;
using System.Linq;
using LlmLang.Generators.Diagnostics;
using LlmLang.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLang.Generators.Parsing;

/// <summary>
/// Walks a program body in order and builds its graph: appends, forks (with the loops that drive
/// their branches), joins. It stops at the first construct whose effect depends on run-time values
/// (an if, another loop, a call given the state), reports that once as info, and from there on only
/// checks the remaining calls. Variable visibility is tracked per scope to find duplicates and reads
/// of variables that cannot exist yet.
/// </summary>
internal sealed class ProgramTracer
{
    private readonly TraceContext context;
    private readonly PrimitiveReader primitives;
    private readonly FragmentReader fragments;
    private readonly VariableScopes scopes;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly string methodName;
    private readonly List<NodeSpec> nodes = new();
    private bool traceable = true;
    private bool ended;

    public ProgramTracer(TraceContext context, PrimitiveReader primitives, VariableScopes scopes, List<DiagnosticInfo> diagnostics, string methodName)
    {
        this.context = context;
        this.primitives = primitives;
        this.scopes = scopes;
        this.diagnostics = diagnostics;
        this.methodName = methodName;
        fragments = new FragmentReader(context, primitives);
    }

    public IReadOnlyList<NodeSpec> Nodes => nodes;

    public bool IsComplete => traceable;

    public void Trace(IEnumerable<StatementSyntax> statements)
    {
        foreach (StatementSyntax statement in statements) Step(statement);
    }

    /// <summary>Traces a statement, or the expression of an expression-bodied program.</summary>
    public void Step(SyntaxNode statement)
    {
        if (ended) return;
        if (!traceable) { Scan(statement); return; }
        switch (statement is ExpressionStatementSyntax e ? e.Expression : statement)
        {
            case BlockSyntax block:
                Trace(block.Statements);
                return;
            case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.AddAssignmentExpression) && context.ScopeOf(assignment.Left) is { } scope:
                Append(statement, assignment.Right, scope);
                return;
            case InvocationExpressionSyntax call when IsStateCall(call, "Join", out string scope):
                if (!Join(call, scope)) StopTracing(statement, "a Join the generator cannot follow");
                return;
            case LocalDeclarationStatementSyntax declaration:
                Declare(declaration);
                return;
            case ForEachStatementSyntax loop when context.SymbolOf(loop.Expression) is { } list && context.Forks.TryGetValue(list, out var branch):
                context.States[context.Model.GetDeclaredSymbol(loop)!] = branch;
                Step(loop.Statement);
                return;
            case ForStatementSyntax loop when LoopsOverBranches(loop):
                Step(loop.Statement);
                return;
            case ReturnStatementSyntax when !statement.Ancestors().Any(a => a is ForStatementSyntax or ForEachStatementSyntax):
                // Whatever follows is unreachable: the graph traced so far is the whole program.
                ended = true;
                return;
            case LocalFunctionStatementSyntax or EmptyStatementSyntax:
                return;
            case ExpressionSyntax other when !context.MentionsState(other) && !ContainsPrimitive(other) && !CallsLocalFunction(other):
                CheckReads(other);
                return;
        }
        StopTracing(statement, Describe(statement));
    }

    private void Append(SyntaxNode statement, ExpressionSyntax fragment, string scope)
    {
        var appended = new List<NodeSpec>();
        var diagnosticsBefore = diagnostics.Count;
        string? why = fragments.Read(fragment, scope, appended);
        if (why is not null)
        {
            diagnostics.RemoveRange(diagnosticsBefore, diagnostics.Count - diagnosticsBefore);
            StopTracing(statement, why);
            return;
        }
        CheckReads(statement);
        foreach (NodeSpec node in appended)
        {
            if (node.Kind is NodeKind.Gen or NodeKind.Select)
                scopes.Produce(node, FindNameSite(statement, node) ?? SourceLocation.From(statement), inTracedPrefix: true);
            nodes.Add(node);
        }
    }

    private void Declare(LocalDeclarationStatementSyntax declaration)
    {
        foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
        {
            if (variable.Initializer is null) continue;
            ExpressionSyntax value = variable.Initializer.Value;
            ISymbol local = context.Model.GetDeclaredSymbol(variable)!;
            if (value is InvocationExpressionSyntax call && IsStateCall(call, "Fork", out string parent))
            {
                string scope = scopes.OpenFork(local.Name, parent);
                context.Forks[local] = scope;
                int count = call.ArgumentList.Arguments.Count == 1 && context.Model.GetConstantValue(call.ArgumentList.Arguments[0].Expression).Value is int n ? n : -1;
                nodes.Add(new NodeSpec(NodeKind.Fork, parent) { Name = scope, ForkCount = count });
                continue;
            }
            if (context.ScopeOf(value) is { } alias)
            {
                // var branch = branches[i]; — a name for one state, traced like the state itself.
                context.States[local] = alias;
                continue;
            }
            if (ContainsPrimitive(value) || context.MentionsState(value) && context.ReadsIn(value).Count == 0)
            {
                StopTracing(declaration, $"a local computed from the program state ('{variable.Identifier.ValueText}')");
                return;
            }
            var reads = CheckReads(value);
            if (reads.Count > 0) context.Tainted[local] = reads;
        }
    }

    private bool Join(InvocationExpressionSyntax call, string scope)
    {
        var args = call.ArgumentList.Arguments;
        if (args.Count == 0 || context.SymbolOf(args[0].Expression) is not { } list || !context.Forks.TryGetValue(list, out var branch)) return false;
        string mode = args.Count > 1 && context.SymbolOf(args[1].Expression) is IFieldSymbol field ? field.Name : "GatherVariables";
        scopes.Join(branch, scope);
        nodes.Add(new NodeSpec(NodeKind.Join, scope) { Name = branch, JoinMode = mode });
        return true;
    }

    // From here on only checks run: every gen/select is still validated (and its Gen<T> schema
    // registered), and reads are checked against the variables the program can produce.
    private void Scan(SyntaxNode node)
    {
        foreach (SyntaxNode n in node.DescendantNodesAndSelf())
        {
            if (n is InvocationExpressionSyntax call && primitives.TryRead(call, "") is { } produced)
                scopes.Produce(produced, FindNameSite(call, produced) ?? SourceLocation.From(call), inTracedPrefix: false);
        }
        foreach (ReadSite read in context.ReadsIn(node)) scopes.CheckReadAnywhere(read);
    }

    private void StopTracing(SyntaxNode statement, string what)
    {
        traceable = false;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UntraceableControlFlow, SourceLocation.From(FirstLine(statement)), methodName, what));
        Scan(statement);
    }

    private List<ReadSite> CheckReads(SyntaxNode node)
    {
        var reads = context.ReadsIn(node);
        foreach (ReadSite read in reads) scopes.CheckRead(read);
        return reads;
    }

    private bool IsStateCall(InvocationExpressionSyntax call, string name, out string scope)
    {
        scope = "";
        return call.Expression is MemberAccessExpressionSyntax member && member.Name.Identifier.ValueText == name
            && context.Symbols.IsState(context.Model.GetTypeInfo(member.Expression).Type)
            && context.ScopeOf(member.Expression) is { } s && (scope = s) is not null;
    }

    // for (int i = 0; i < branches.Length; i++) — the loop that visits each fork branch (Count for a list).
    private bool LoopsOverBranches(ForStatementSyntax loop) =>
        loop.Condition is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression, Right: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" or "Count" } count }
        && context.SymbolOf(count.Expression) is { } list && context.Forks.ContainsKey(list);

    // A local function may append to the state where the generator cannot see it being called.
    private bool CallsLocalFunction(SyntaxNode node) =>
        node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
            .Any(call => context.SymbolOf(call) is IMethodSymbol { MethodKind: MethodKind.LocalFunction });

    private bool ContainsPrimitive(SyntaxNode node) =>
        node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(primitives.IsPrimitive);

    private SourceLocation? FindNameSite(SyntaxNode within, NodeSpec node) =>
        within.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
            .Where(primitives.IsPrimitive)
            .Select(call => context.Model.GetOperation(call) as IInvocationOperation)
            .SelectMany(op => op?.Arguments ?? Enumerable.Empty<IArgumentOperation>())
            .Where(a => a.Parameter?.Name == "name" && (a.Value.ConstantValue.Value as string ?? a.Value.Syntax.ToString()) == node.Name)
            .Select(a => SourceLocation.From(a.Value.Syntax))
            .FirstOrDefault();

    private string Describe(SyntaxNode statement)
    {
        string kind = statement switch
        {
            IfStatementSyntax => "an 'if'",
            SwitchStatementSyntax => "a 'switch'",
            ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax => "a loop",
            TryStatementSyntax => "a 'try'",
            ReturnStatementSyntax => "a 'return' inside a loop",
            ExpressionStatementSyntax { Expression: var e } when CallsLocalFunction(e) => "a call to a local function",
            _ => "a statement the generator cannot trace",
        };
        var reads = context.ReadsIn(statement switch
        {
            IfStatementSyntax s => s.Condition,
            SwitchStatementSyntax s => s.Expression,
            WhileStatementSyntax s => s.Condition,
            DoStatementSyntax s => s.Condition,
            ForStatementSyntax s => (SyntaxNode?)s.Condition ?? s,
            ForEachStatementSyntax s => s.Expression,
            _ => statement,
        }).Select(r => r.Name).Distinct().ToList();
        return reads.Count == 0 ? kind : $"{kind} on generated value{(reads.Count > 1 ? "s" : "")} {string.Join(", ", reads.Select(r => "'" + r + "'"))}";
    }

    private static SyntaxNode FirstLine(SyntaxNode statement) => statement switch
    {
        IfStatementSyntax s => s.Condition,
        WhileStatementSyntax s => s.Condition,
        ForEachStatementSyntax s => s.Expression,
        SwitchStatementSyntax s => s.Expression,
        _ => statement,
    };
}
