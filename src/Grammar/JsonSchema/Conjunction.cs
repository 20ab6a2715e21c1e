using System.Collections.Immutable;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Schemas that must all hold (after <c>$ref</c> and <c>allOf</c> are expanded), with the <c>anyOf</c>/<c>oneOf</c>
/// keywords already distributed (<see cref="Consumed"/>: "pointer/keyword"). Its <see cref="Key"/> identifies the
/// rule it compiles to, which is how recursive schemas become recursive rules.
/// </summary>
internal sealed record Conjunction(ImmutableArray<SchemaNode> Nodes, bool IsFalse, ImmutableSortedSet<string> Consumed)
{
    public string Key { get; } = IsFalse ? "false"
        : string.Join("&", Nodes.Select(n => n.Pointer).Order(StringComparer.Ordinal)) + "!" + string.Join("&", Consumed);

    public bool IsConsumed(SchemaNode node, string keyword) => Consumed.Contains(node.Pointer + "/" + keyword);

    /// <summary>Nodes having <paramref name="keyword"/>, with its value.</summary>
    public IEnumerable<(SchemaNode Node, System.Text.Json.JsonElement Value)> With(string keyword)
    {
        foreach (var node in Nodes)
            if (node.TryGet(keyword, out var value)) yield return (node, value);
    }
}
