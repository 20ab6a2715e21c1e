using System.Text;

namespace LlmLang;

/// <summary>Writes an <see cref="ExecutionGraph"/> as Mermaid or DOT text.</summary>
internal static class GraphText
{
    public static string Mermaid(ExecutionGraph graph)
    {
        var w = new StringBuilder("flowchart TD\n");
        for (int i = 0; i < graph.Nodes.Count; i++)
            w.Append($"    n{i}{MermaidShape(graph.Nodes[i].Kind, MermaidEscape(Caption(graph.Nodes[i])))}\n");
        foreach (var (from, to, dependency) in Edges(graph))
            w.Append(dependency ? $"    n{from} -.-> n{to}\n" : $"    n{from} --> n{to}\n");
        if (!graph.IsComplete) w.Append("    %% the body continues past this graph (data-dependent control flow)\n");
        return w.ToString();
    }

    public static string Dot(ExecutionGraph graph)
    {
        var w = new StringBuilder($"digraph \"{DotEscape(graph.Program)}\" {{\n    node [shape=box];\n");
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            string shape = graph.Nodes[i].Kind switch
            {
                GraphNodeKind.Gen or GraphNodeKind.Select => "ellipse",
                GraphNodeKind.Fork or GraphNodeKind.Join => "diamond",
                _ => "box",
            };
            w.Append($"    n{i} [label=\"{DotEscape(Caption(graph.Nodes[i]))}\", shape={shape}];\n");
        }
        foreach (var (from, to, dependency) in Edges(graph))
            w.Append(dependency ? $"    n{from} -> n{to} [style=dashed];\n" : $"    n{from} -> n{to};\n");
        if (!graph.IsComplete) w.Append("    // the body continues past this graph (data-dependent control flow)\n");
        return w.Append("}\n").ToString();
    }

    /// <summary>Program order within each stream (a fork feeds its branch's first node, a branch's last node its join), then data dependencies.</summary>
    private static IEnumerable<(int From, int To, bool Dependency)> Edges(ExecutionGraph graph)
    {
        var lastInStream = new Dictionary<string, int>();
        var forkOf = new Dictionary<string, int>();
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            if (lastInStream.TryGetValue(node.Branch, out int previous)) yield return (previous, i, false);
            else if (forkOf.TryGetValue(node.Branch, out int fork)) yield return (fork, i, false);
            if (node.Kind == GraphNodeKind.Fork) forkOf[node.Label] = i;
            if (node.Kind == GraphNodeKind.Join && lastInStream.Remove(node.Label, out int branchEnd)) yield return (branchEnd, i, false);
            lastInStream[node.Branch] = i;
        }
        for (int i = 0; i < graph.Nodes.Count; i++)
            foreach (int d in graph.Nodes[i].DependsOn) yield return (d, i, true);
    }

    private static string Caption(GraphNode node) => node.Kind switch
    {
        GraphNodeKind.Text => $"\"{Shorten(node.Label)}\"",
        GraphNodeKind.Argument => $"arg {node.Label}",
        GraphNodeKind.Expression => $"expr {Shorten(node.Label)}",
        GraphNodeKind.RoleBegin => $"begin {node.Label}",
        GraphNodeKind.RoleEnd => $"end {node.Label}",
        GraphNodeKind.Gen => $"gen {node.Variable ?? node.Label}{GenDetail(node)}",
        GraphNodeKind.Select => $"select {node.Variable ?? node.Label} [{string.Join(" | ", node.Choices ?? [])}]",
        GraphNodeKind.Fork => $"fork {node.Label} x{node.ForkCount?.ToString() ?? "n"}",
        _ => $"join {node.Label} ({node.JoinMode ?? LlmLang.JoinMode.GatherVariables})",
    };

    private static string GenDetail(GraphNode node) =>
        node.ValueType is { } t ? $" : {t.Name}"
        : node.Regex is { } r ? $" /{Shorten(r)}/"
        : node.JsonSchema is not null ? " (json)"
        : node.Ebnf is not null ? " (ebnf)"
        : node.Choices is { } c ? $" [{string.Join(" | ", c)}]"
        : "";

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static string MermaidShape(GraphNodeKind kind, string caption) => kind switch
    {
        GraphNodeKind.Gen or GraphNodeKind.Select => $"([\"{caption}\"])",
        GraphNodeKind.Fork or GraphNodeKind.Join => $"{{\"{caption}\"}}",
        _ => $"[\"{caption}\"]",
    };

    /// <summary>Mermaid labels in quotes take HTML entities; quotes, brackets and newlines must not appear raw.</summary>
    private static string MermaidEscape(string text) => new StringBuilder(text)
        .Replace("&", "&amp;").Replace("\"", "&quot;").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\r", "").Replace("\n", "&#8629;").ToString();

    private static string DotEscape(string text) => new StringBuilder(text)
        .Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "").Replace("\n", "\\n").ToString();
}
