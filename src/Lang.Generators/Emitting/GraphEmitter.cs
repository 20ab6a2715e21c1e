using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmLang.Generators.Model;

namespace LlmLang.Generators.Emitting;

/// <summary>
/// The program's execution graph as a static property: one GraphNode per traced step, in program
/// order, with the data-dependency edges (a step reading a variable → the step that produced it)
/// resolved here at compile time. Built once, when the containing type is first used.
/// </summary>
internal static class GraphEmitter
{
    private const string Node = "global::LlmLang.GraphNode";
    private const string Kind = "global::LlmLang.GraphNodeKind";

    public static void Emit(SourceWriter w, ProgramSpec spec)
    {
        w.Line($"/// <summary>The execution graph of <see cref=\"{spec.MethodName}\"/>{(spec.IsCompleteGraph ? "" : " (its traceable prefix: the rest of the body runs interpreted)")}; see ToMermaid() and ToDot().</summary>");
        w.Line($"{spec.Accessibility} static global::LlmLang.ExecutionGraph {ProgramEmitter.GraphName(spec)} {{ get; }} = new global::LlmLang.ExecutionGraph(");
        w.Line($"    {CSharpText.Literal(spec.MethodName)},");
        w.Line($"    new {Node}[]");
        w.Line("    {");
        var producers = new Dictionary<string, int>();
        for (int i = 0; i < spec.Nodes.Count; i++)
        {
            NodeSpec node = spec.Nodes[i];
            w.Line($"        {NodeExpression(node, DependsOn(node, producers))},");
            if (node.Kind is NodeKind.Gen or NodeKind.Select && !node.NameIsDynamic) producers[node.Name] = i;
        }
        w.Line("    },");
        w.Line($"    isComplete: {(spec.IsCompleteGraph ? "true" : "false")});");
    }

    private static IEnumerable<int> DependsOn(NodeSpec node, Dictionary<string, int> producers) =>
        node.Reads.Where(producers.ContainsKey).Select(r => producers[r]).Distinct().OrderBy(i => i);

    private static string NodeExpression(NodeSpec node, IEnumerable<int> dependsOn)
    {
        string label = node.Kind switch
        {
            NodeKind.RoleBegin or NodeKind.RoleEnd => node.Role,
            NodeKind.Gen or NodeKind.Select or NodeKind.Fork or NodeKind.Join => node.Name,
            _ => node.Text,
        };
        var init = new List<string>();
        void Set(string property, string? value) { if (value is not null) init.Add($"{property} = {value}"); }

        if (node.Branch.Length > 0) Set("Branch", CSharpText.Literal(node.Branch));
        if (node.Kind is NodeKind.Gen or NodeKind.Select)
        {
            Set("Variable", CSharpText.Literal(node.Name));
            if (node.NameIsDynamic) Set("IsVariableNameComputed", "true");
        }
        if (node.MaxTokens > 0) Set("MaxTokens", node.MaxTokens.ToString(CultureInfo.InvariantCulture));
        if (node.Stop.Count > 0) Set("Stop", CSharpText.StringArray(node.Stop));
        foreach (NamedValue sampling in node.Sampling) Set(char.ToUpperInvariant(sampling.Name[0]) + sampling.Name.Substring(1), sampling.Literal);
        Set("Regex", node.Regex is null ? null : CSharpText.Literal(node.Regex));
        Set("JsonSchema", node.JsonSchema is null ? null : CSharpText.Literal(node.JsonSchema));
        Set("Ebnf", node.Ebnf is null ? null : CSharpText.Literal(node.Ebnf));
        if (node.Choices.Count > 0) Set("Choices", CSharpText.StringArray(node.Choices));
        Set("SelectMethod", node.SelectMethod is null ? null : $"global::LlmLang.SelectMethod.{node.SelectMethod}");
        Set("ValueType", node.TypeName is null ? null : $"typeof({node.TypeName})");
        if (node.Kind == NodeKind.Fork && node.ForkCount >= 0) Set("ForkCount", node.ForkCount.ToString(CultureInfo.InvariantCulture));
        if (node.Kind == NodeKind.Join) Set("JoinMode", $"global::LlmLang.JoinMode.{node.JoinMode}");
        var deps = dependsOn.ToList();
        if (deps.Count > 0) Set("DependsOn", "new int[] { " + string.Join(", ", deps) + " }");

        string created = $"new {Node}({Kind}.{node.Kind}, {CSharpText.Literal(label)})";
        return init.Count == 0 ? created : created + " { " + string.Join(", ", init) + " }";
    }
}
