using System.Text;

namespace LlmLang;

/// <summary>
/// A program's steps as the source generator traced them at compile time: constant text, arguments, roles, gens
/// with their constraints, selects, forks and joins, and the data dependencies between variables. When the body has
/// data-dependent control flow, the graph covers its traceable prefix only (<see cref="IsComplete"/> is false).
/// </summary>
public sealed class ExecutionGraph
{
    /// <summary>Creates a graph (generated code calls this).</summary>
    /// <param name="program">The program's method name.</param>
    /// <param name="nodes">The nodes in program order.</param>
    /// <param name="isComplete">Whether the nodes cover the whole body.</param>
    public ExecutionGraph(string program, IReadOnlyList<GraphNode> nodes, bool isComplete)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(nodes);
        for (int i = 0; i < nodes.Count; i++)
            foreach (int d in nodes[i].DependsOn)
                if (d < 0 || d >= i)
                    throw new ArgumentException($"graph of {program}: node {i} depends on node {d}, which does not come before it");
        Program = program;
        Nodes = nodes;
        IsComplete = isComplete;
    }

    /// <summary>A graph that knows nothing about the program (no shared prefix is prefilled).</summary>
    public static ExecutionGraph Untraced(string program) => new(program, [], isComplete: false);

    /// <summary>The program's method name.</summary>
    public string Program { get; }

    /// <summary>The nodes in program order.</summary>
    public IReadOnlyList<GraphNode> Nodes { get; }

    /// <summary>Whether the nodes cover the whole body.</summary>
    public bool IsComplete { get; }

    /// <summary>
    /// The text every run starts with whatever its arguments: the main stream's leading constant text and role
    /// markers rendered with <paramref name="format"/>, up to the first argument, expression, gen, select or fork.
    /// </summary>
    public string ConstantPrefix(ChatFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var text = new StringBuilder();
        foreach (var node in Nodes)
        {
            if (node.Branch.Length > 0) break;
            switch (node.Kind)
            {
                case GraphNodeKind.Text: text.Append(node.Label); break;
                case GraphNodeKind.RoleBegin: text.Append(format.Prefix(ParseRole(node.Label))); break;
                case GraphNodeKind.RoleEnd: text.Append(format.Suffix(ParseRole(node.Label))); break;
                default: return text.ToString();
            }
        }
        return text.ToString();
    }

    /// <summary>The graph as a Mermaid flowchart: program order as solid arrows, data dependencies dotted.</summary>
    public string ToMermaid() => GraphText.Mermaid(this);

    /// <summary>The graph in Graphviz DOT: program order as solid arrows, data dependencies dashed.</summary>
    public string ToDot() => GraphText.Dot(this);

    private ChatRole ParseRole(string label) =>
        Enum.TryParse(label, ignoreCase: false, out ChatRole role)
            ? role
            : throw new InvalidOperationException($"graph of {Program}: unknown role \"{label}\" (expected System, User or Assistant)");
}
