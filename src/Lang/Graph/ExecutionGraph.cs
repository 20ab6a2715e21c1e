using System.Text;

namespace LlmLang;

/// <summary>Kinds of steps in an execution graph.</summary>
public enum GraphNodeKind
{
    /// <summary>Constant text (the label).</summary>
    Text,
    /// <summary>A program argument inserted as text.</summary>
    Argument,
    /// <summary>Another expression inserted as text (e.g. a variable read).</summary>
    Expression,
    /// <summary>A role opens (the label is the role).</summary>
    RoleBegin,
    /// <summary>A role closes.</summary>
    RoleEnd,
    /// <summary>A generation.</summary>
    Gen,
    /// <summary>A selection.</summary>
    Select,
    /// <summary>A fork into branches.</summary>
    Fork,
    /// <summary>A join of branches.</summary>
    Join,
}

/// <summary>One step of a program as the source generator traced it.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Label">Its text, role, variable or expression.</param>
public sealed record GraphNode(GraphNodeKind Kind, string Label)
{
    /// <summary>The state (root or fork branch) the step runs in.</summary>
    public string Branch { get; init; } = "";
    /// <summary>The variable it produces.</summary>
    public string? Variable { get; init; }
    /// <summary>True when the variable name is computed at run time.</summary>
    public bool IsVariableNameComputed { get; init; }
    /// <summary>Gen: most tokens.</summary>
    public int? MaxTokens { get; init; }
    /// <summary>Gen: stop strings.</summary>
    public IReadOnlyList<string>? Stop { get; init; }
    /// <summary>Gen: temperature.</summary>
    public double? Temperature { get; init; }
    /// <summary>Gen: top-p.</summary>
    public double? TopP { get; init; }
    /// <summary>Gen: top-k.</summary>
    public int? TopK { get; init; }
    /// <summary>Gen: min-p.</summary>
    public double? MinP { get; init; }
    /// <summary>Gen: regex constraint.</summary>
    public string? Regex { get; init; }
    /// <summary>Gen: JSON schema constraint (from the type for <c>Gen&lt;T&gt;</c>).</summary>
    public string? JsonSchema { get; init; }
    /// <summary>Gen: EBNF constraint.</summary>
    public string? Ebnf { get; init; }
    /// <summary>Gen or Select: choices.</summary>
    public IReadOnlyList<string>? Choices { get; init; }
    /// <summary>Select: the scoring method.</summary>
    public SelectMethod? SelectMethod { get; init; }
    /// <summary>Gen&lt;T&gt;: the value type.</summary>
    public Type? ValueType { get; init; }
    /// <summary>Fork: number of branches.</summary>
    public int? ForkCount { get; init; }
    /// <summary>Join: mode.</summary>
    public JoinMode? JoinMode { get; init; }
    /// <summary>Indices of the steps whose variables this step reads.</summary>
    public IReadOnlyList<int> DependsOn { get; init; } = [];
}

/// <summary>
/// A program's steps and data dependencies, emitted at compile time by the source generator. Used at run time (the
/// constant prefix a batch shares is computed once) and exportable as Mermaid or DOT.
/// </summary>
public sealed class ExecutionGraph
{
    /// <summary>A graph of <paramref name="nodes"/>; <paramref name="isComplete"/> is false when data-dependent control flow
    /// stopped the trace (the graph covers the traceable prefix only).</summary>
    public ExecutionGraph(string program, IReadOnlyList<GraphNode> nodes, bool isComplete)
    {
        Program = program;
        Nodes = nodes;
        IsComplete = isComplete;
    }

    /// <summary>The program's name.</summary>
    public string Program { get; }

    /// <summary>The steps, in program order.</summary>
    public IReadOnlyList<GraphNode> Nodes { get; }

    /// <summary>Whether the graph covers the whole program.</summary>
    public bool IsComplete { get; }

    /// <summary>
    /// The text every run starts with, rendered with <paramref name="format"/>: the leading constant text and role
    /// markers of the root state, up to the first argument, expression, generation or fork.
    /// </summary>
    public string ConstantPrefix(ChatFormat format)
    {
        var text = new StringBuilder();
        foreach (var node in Nodes)
        {
            if (node.Branch.Length > 0) break;
            switch (node.Kind)
            {
                case GraphNodeKind.Text: text.Append(node.Label); break;
                case GraphNodeKind.RoleBegin when Enum.TryParse<ChatRole>(node.Label, out var role): text.Append(format.Prefix(role)); break;
                case GraphNodeKind.RoleEnd when Enum.TryParse<ChatRole>(node.Label, out var role): text.Append(format.Suffix(role)); break;
                default: return text.ToString();
            }
        }
        return text.ToString();
    }

    /// <summary>The graph as a Mermaid flowchart.</summary>
    public string ToMermaid()
    {
        var s = new StringBuilder("flowchart TD\n");
        for (int i = 0; i < Nodes.Count; i++)
        {
            s.Append($"  n{i}[\"{Escape(Describe(Nodes[i]))}\"]\n");
            if (i > 0) s.Append($"  n{Previous(i)} --> n{i}\n");
            foreach (int d in Nodes[i].DependsOn) s.Append($"  n{d} -. data .-> n{i}\n");
        }
        if (!IsComplete) s.Append("  more[\"… data-dependent control flow: interpreted at run time\"]\n");
        return s.ToString();
    }

    /// <summary>The graph in Graphviz DOT.</summary>
    public string ToDot()
    {
        var s = new StringBuilder($"digraph \"{Escape(Program)}\" {{\n  node [shape=box];\n");
        for (int i = 0; i < Nodes.Count; i++)
        {
            s.Append($"  n{i} [label=\"{Escape(Describe(Nodes[i]))}\"];\n");
            if (i > 0) s.Append($"  n{Previous(i)} -> n{i};\n");
            foreach (int d in Nodes[i].DependsOn) s.Append($"  n{d} -> n{i} [style=dashed, label=\"data\"];\n");
        }
        return s.Append("}\n").ToString();
    }

    /// <summary>The previous step in the same branch (or the fork that opened it).</summary>
    private int Previous(int i)
    {
        for (int j = i - 1; j >= 0; j--)
            if (Nodes[j].Branch == Nodes[i].Branch || Nodes[j].Kind == GraphNodeKind.Fork) return j;
        return i - 1;
    }

    private static string Describe(GraphNode n)
    {
        string where = n.Branch.Length > 0 ? $"[{n.Branch}] " : "";
        string what = n.Kind switch
        {
            GraphNodeKind.Text => $"text \"{Shorten(n.Label)}\"",
            GraphNodeKind.Gen => $"gen {n.Variable ?? n.Label}" + (n.Regex is not null ? " regex" : n.JsonSchema is not null ? " json" : n.Ebnf is not null ? " ebnf" : n.Choices is not null ? " choices" : ""),
            GraphNodeKind.Select => $"select {n.Variable ?? n.Label} ({string.Join(" | ", n.Choices ?? [])})",
            GraphNodeKind.Fork => $"fork x{n.ForkCount}",
            GraphNodeKind.Join => $"join ({n.JoinMode})",
            _ => $"{n.Kind.ToString().ToLowerInvariant()} {Shorten(n.Label)}",
        };
        return where + what;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "'").Replace("\n", "\\n");
}
