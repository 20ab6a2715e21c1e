using System.Collections.Immutable;
using System.Text.Json;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>Arrays: <c>prefixItems</c>/<c>items</c> (and draft-07 array <c>items</c>/<c>additionalItems</c>), length limits, <c>uniqueItems</c>.</summary>
internal sealed partial class SchemaTranslator
{
    private GrammarExpr Arrays(Conjunction c)
    {
        var (min, max) = Limits(c, "minItems", "maxItems");
        SchemaNode? uniqueAt = null;
        var layouts = new List<(SchemaNode Node, string? PrefixKeyword, int PrefixCount, SchemaNode? RestSchema)>();
        foreach (var node in c.Nodes)
        {
            bool draft7 = node.TryGet("items", out var itemsValue) && itemsValue.ValueKind == JsonValueKind.Array;
            string prefixKeyword = draft7 ? "items" : "prefixItems", restKeyword = draft7 ? "additionalItems" : "items";
            int prefixCount = 0;
            if (node.TryGet(prefixKeyword, out var prefix))
            {
                if (prefix.ValueKind != JsonValueKind.Array) throw new JsonSchemaException(node.Pointer, prefixKeyword, "must be an array of schemas");
                prefixCount = prefix.GetArrayLength();
            }
            layouts.Add((node, prefixCount > 0 ? prefixKeyword : null, prefixCount, node.TryGet(restKeyword, out _) ? node.Child(restKeyword) : null));
            if (node.TryGet("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True) uniqueAt = node;
            if (node.TryGet("contains", out _) && !(LengthOf(node, "minContains") == 0 && !node.TryGet("maxContains", out _)))
                Unsupported(node, "contains", "not supported");
            if (node.TryGet("unevaluatedItems", out var unevaluated) && unevaluated.ValueKind != JsonValueKind.True)
                Unsupported(node, "unevaluatedItems", "not supported");
        }
        if (min > max) return Expr.Nothing;
        int prefixLength = layouts.Max(l => l.PrefixCount);
        var separator = Expr.Seq(_ws, Expr.Text(","), _ws);
        if (uniqueAt is { } u && max is not (0 or 1))
        {
            var itemSchemas = layouts.Select(l => l.RestSchema).OfType<SchemaNode>().ToList();
            if (prefixLength > 0) Unsupported(u, "uniqueItems", "cannot be enforced together with prefixItems");
            else if (UniqueArray(u, Flatten(itemSchemas, ImmutableSortedSet<string>.Empty), Schema(itemSchemas), min, max, separator,
                         () => PlainArray(c, layouts, 0, min, max, separator)) is { } unique)
                return unique;
        }
        return PlainArray(c, layouts, prefixLength, min, max, separator);
    }

    // The array grammar without uniqueItems.
    private GrammarExpr PlainArray(Conjunction c, List<(SchemaNode Node, string? PrefixKeyword, int PrefixCount, SchemaNode? RestSchema)> layouts,
        int prefixLength, int min, int? max, GrammarExpr separator)
    {
        var positions = new List<GrammarExpr>();
        for (int i = 0; i < prefixLength && (max is null || i < max); i++)
            positions.Add(Schema(layouts
                .Select(l => i < l.PrefixCount ? l.Node.Child(l.PrefixKeyword!, Index(i)) : l.RestSchema)
                .OfType<SchemaNode>()));
        var restItem = Schema(layouts.Select(l => l.RestSchema).OfType<SchemaNode>());

        // Tail after the first `count` items: more items or the end (allowed once min is reached).
        GrammarExpr Tail(int count)
        {
            if (count < positions.Count)
            {
                var more = Expr.Seq(separator, positions[count], Tail(count + 1));
                return count >= min ? Expr.Opt(more) : more;
            }
            int? left = max - count;
            return Expr.Repeat(Expr.Seq(separator, restItem), Math.Max(0, min - count), left);
        }
        var first = positions.Count > 0 ? positions[0] : restItem;
        var items = max == 0 ? Expr.Nothing : Expr.Seq(first, Tail(1));
        var body = min == 0 ? Expr.Opt(items) : items;
        return Expr.Seq(Expr.Text("["), _ws, body, _ws, Expr.Text("]"));
    }
}
