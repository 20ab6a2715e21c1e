using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// <c>unevaluatedProperties</c> and <c>unevaluatedItems</c>. A node's keyword applies to the members (items) that no
/// schema of its evaluation scope evaluates: the node itself and the schemas reached from it in place, through
/// <c>allOf</c>, <c>$ref</c> and <c>$dynamicRef</c> always, and through <c>anyOf</c>, <c>oneOf</c>, <c>if</c>/<c>then</c>/<c>else</c> and
/// dependencies only where the conjunction took that branch (<see cref="BranchMark"/>). It becomes a synthetic sibling
/// that declares what the scope declares (with <c>true</c>) and applies the keyword's schema to the rest, as
/// <c>additionalProperties</c> (<c>items</c>) would. What is evaluated only dynamically is not counted — a branch
/// not marked, a <c>not</c>, items matched by <c>contains</c> — so the keyword may reject a valid value, never accept
/// an invalid one.
/// </summary>
internal sealed partial class SchemaTranslator
{
    private static readonly string[] BranchKeywords = ["anyOf", "oneOf", "dependentSchemas", "dependencies"];

    /// <summary>The consumed-set entry that records a schema added by a branch (only kept where unevaluated* reads it).</summary>
    private static string BranchMark(SchemaNode node) => "@" + node.Pointer;

    private static bool ReadsAnnotations(SchemaNode node) =>
        node.TryGet("unevaluatedProperties", out _) || node.TryGet("unevaluatedItems", out _);

    /// <summary><paramref name="c"/> with each <c>unevaluatedProperties</c> written as a sibling over the undeclared names.</summary>
    private Conjunction WithUnevaluatedProperties(Conjunction c) => WithUnevaluated(c, "unevaluatedProperties", (node, scope, rest) =>
    {
        if (scope.Any(s => s.TryGet("additionalProperties", out _) || s.Pointer != node.Pointer && s.TryGet("unevaluatedProperties", out _)))
            return null;
        var names = new JsonObject();
        var patterns = new JsonObject();
        foreach (var s in scope)
        {
            if (s.TryGet("properties", out var declared) && declared.ValueKind == JsonValueKind.Object)
                foreach (var p in declared.EnumerateObject()) names[p.Name] = true;
            if (s.TryGet("patternProperties", out var patterned) && patterned.ValueKind == JsonValueKind.Object)
                foreach (var p in patterned.EnumerateObject()) patterns[p.Name] = true;
        }
        var sibling = new JsonObject { ["additionalProperties"] = rest };
        if (names.Count > 0) sibling["properties"] = names;
        if (patterns.Count > 0) sibling["patternProperties"] = patterns;
        return sibling;
    });

    /// <summary><paramref name="c"/> with each <c>unevaluatedItems</c> written as a sibling over the items past the scope's prefixes.</summary>
    private Conjunction WithUnevaluatedItems(Conjunction c) => WithUnevaluated(c, "unevaluatedItems", (node, scope, rest) =>
    {
        // items (2020-12), additionalItems (draft 7) or a nested unevaluatedItems evaluate every item past the prefix.
        if (scope.Any(s => s.TryGet("items", out var items) && items.ValueKind != JsonValueKind.Array || s.TryGet("additionalItems", out _)
                           || s.Pointer != node.Pointer && s.TryGet("unevaluatedItems", out _)))
            return null;
        int prefix = scope.Select(s => s.TryGet("prefixItems", out var p) && p.ValueKind == JsonValueKind.Array ? p.GetArrayLength()
            : s.TryGet("items", out var i) && i.ValueKind == JsonValueKind.Array ? i.GetArrayLength() : 0).DefaultIfEmpty(0).Max();
        var sibling = new JsonObject { ["items"] = rest };
        if (prefix > 0) sibling["prefixItems"] = new JsonArray([.. Enumerable.Repeat(0, prefix).Select(_ => (JsonNode)JsonValue.Create(true))]);
        return sibling;
    });

    /// <summary>
    /// <paramref name="c"/> with the sibling <paramref name="sibling"/> writes for each node's <paramref name="keyword"/>
    /// (given the node, its evaluation scope and a copy of the keyword's schema; null: the scope evaluates everything).
    /// </summary>
    private Conjunction WithUnevaluated(Conjunction c, string keyword, Func<SchemaNode, List<SchemaNode>, JsonNode, JsonObject?> sibling)
    {
        List<SchemaNode>? added = null;
        foreach (var (node, value) in c.With(keyword))
            if (value.ValueKind != JsonValueKind.True && sibling(node, EvaluationScope(c, node), JsonNode.Parse(value.GetRawText())!) is { } json)
                (added ??= []).Add(Synthetic(json, node));
        return added is null ? c : new Conjunction(c.Nodes.AddRange(added), c.IsFalse, c.Consumed);
    }

    /// <summary>The schemas whose annotations <paramref name="node"/>'s unevaluated* keywords read (itself included).</summary>
    private List<SchemaNode> EvaluationScope(Conjunction c, SchemaNode node)
    {
        var scope = new List<SchemaNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<SchemaNode>([node]);
        while (work.TryPop(out var n))
        {
            if (!n.IsObject || !seen.Add(n.Pointer)) continue;
            scope.Add(n);
            if (n.TryGet("allOf", out var all) && all.ValueKind == JsonValueKind.Array)
                for (int i = 0; i < all.GetArrayLength(); i++) work.Push(n.Child("allOf", Index(i)));
            foreach (string keyword in ReferenceKeywords)
                if (n.TryGet(keyword, out var reference)) work.Push(ReferenceTarget(n, keyword, reference));
            foreach (string keyword in BranchKeywords)
                if (n.TryGet(keyword, out var branches))
                {
                    var children = branches.ValueKind switch
                    {
                        JsonValueKind.Array => Enumerable.Range(0, branches.GetArrayLength()).Select(i => n.Child(keyword, Index(i))),
                        JsonValueKind.Object => branches.EnumerateObject().Select(p => n.Child(keyword, p.Name)),
                        _ => [],
                    };
                    foreach (var child in children)
                        if (c.Consumed.Contains(BranchMark(child))) work.Push(child);
                }
            foreach (string keyword in new[] { "if", "then", "else" })
                if (n.TryGet(keyword, out _) && c.Consumed.Contains(BranchMark(n.Child(keyword)))) work.Push(n.Child(keyword));
        }
        return scope;
    }
}
