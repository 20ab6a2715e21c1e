using System.Collections.Immutable;
using System.Text.Json;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>Arrays: <c>prefixItems</c>/<c>items</c> (and draft-07 array <c>items</c>/<c>additionalItems</c>), length limits, <c>uniqueItems</c>, <c>contains</c>.</summary>
internal sealed partial class SchemaTranslator
{
    // Bounds the (items read × matches counted) states of a contains list.
    private const int MaxContainsStates = 4096;
    private int _containsRules;

    private GrammarExpr Arrays(Conjunction c)
    {
        c = WithUnevaluatedItems(c);
        var (min, max) = Limits(c, "minItems", "maxItems");
        SchemaNode? uniqueAt = null, containsAt = null;
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
            {
                if (containsAt is not null) Unsupported(node, "contains", "only one 'contains' per conjunction is supported");
                else containsAt = node;
            }
        }
        if (min > max) return Expr.Nothing;
        int prefixLength = layouts.Max(l => l.PrefixCount);
        if (containsAt is { } owner)
        {
            if (uniqueAt is not null) Unsupported(owner, "contains", "cannot be enforced together with uniqueItems");
            else if (ContainingArray(layouts, prefixLength, min, max, owner) is { } containing) return containing;
        }
        if (uniqueAt is { } u && max is not (0 or 1))
        {
            var itemSchemas = layouts.Select(l => l.RestSchema).OfType<SchemaNode>().ToList();
            if (prefixLength > 0) Unsupported(u, "uniqueItems", "cannot be enforced together with prefixItems");
            else if (UniqueArray(u, Flatten(itemSchemas, ImmutableSortedSet<string>.Empty), Schema(itemSchemas), min, max,
                         () => PlainArray(c, layouts, 0, min, max)) is { } unique)
                return unique;
        }
        return PlainArray(c, layouts, prefixLength, min, max);
    }

    // The array grammar without uniqueItems.
    private GrammarExpr PlainArray(Conjunction c, List<(SchemaNode Node, string? PrefixKeyword, int PrefixCount, SchemaNode? RestSchema)> layouts,
        int prefixLength, int min, int? max)
    {
        var positions = new List<GrammarExpr>();
        for (int i = 0; i < prefixLength && (max is null || i < max); i++) positions.Add(Schema(ItemSchemas(layouts, i)));
        var restItem = Schema(layouts.Select(l => l.RestSchema).OfType<SchemaNode>());

        // Tail after the first `count` items: more items or the end (allowed once min is reached).
        GrammarExpr Tail(int count)
        {
            if (count < positions.Count)
            {
                var more = Expr.Seq(_comma, positions[count], Tail(count + 1));
                return count >= min ? Expr.Opt(more) : more;
            }
            int? left = max - count;
            return Expr.Repeat(Expr.Seq(_comma, restItem), Math.Max(0, min - count), left);
        }
        var first = positions.Count > 0 ? positions[0] : restItem;
        var items = max == 0 ? Expr.Nothing : Expr.Seq(first, Tail(1));
        var body = min == 0 ? Expr.Opt(items) : items;
        return Expr.Seq(Expr.Text("["), _ws, body, _ws, Expr.Text("]"));
    }

    /// <summary>The schemas an item at <paramref name="index"/> must satisfy (its prefix schema, else the rest schema).</summary>
    private static IEnumerable<SchemaNode> ItemSchemas(List<(SchemaNode Node, string? PrefixKeyword, int PrefixCount, SchemaNode? RestSchema)> layouts, int index) =>
        layouts.Select(l => index < l.PrefixCount ? l.Node.Child(l.PrefixKeyword!, Index(index)) : l.RestSchema).OfType<SchemaNode>();

    /// <summary>
    /// An array with <c>contains</c>: at least <c>minContains</c> (default 1) and at most <c>maxContains</c> items
    /// match the <c>contains</c> schema. The list is an automaton over (items read, matches counted) whose states
    /// are rules; once past the prefix and <c>minItems</c> the item count no longer matters and the count of matches
    /// loops. Without <c>maxContains</c> an item that matches may also be read as an uncounted one (the parse is
    /// ambiguous, at most one parse per count); with it, uncounted items must fail the <c>contains</c> schema.
    /// Null (lenient mode) when the counts need too many states.
    /// </summary>
    private GrammarExpr? ContainingArray(List<(SchemaNode Node, string? PrefixKeyword, int PrefixCount, SchemaNode? RestSchema)> layouts,
        int prefixLength, int min, int? max, SchemaNode owner)
    {
        var contains = owner.Child("contains");
        int atLeast = LengthOf(owner, "minContains") ?? 1;
        int? atMost = LengthOf(owner, "maxContains");
        if (atMost < atLeast || max < atLeast) return Expr.Nothing;
        SchemaNode? outside = null;
        if (atMost is not null)
        {
            if (HoldsRef(contains.Element))
                Unsupported(owner, "maxContains", "cannot be enforced when the 'contains' schema holds a $ref");
            else outside = NegatedSchema(contains, owner);
        }
        // Past `saturated` items (with no maxItems) every state of the same count behaves alike.
        int saturated = max ?? Math.Max(1, Math.Max(min, prefixLength));
        int counts = atMost ?? atLeast;
        if ((long)(saturated + 1) * (counts + 1) > MaxContainsStates)
        {
            // Lenient mode goes on without the keyword.
            Unsupported(owner, "contains", $"the item and match counts need more than {MaxContainsStates} states");
            return null;
        }
        string prefix = "contains" + _containsRules++.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_";
        var states = new Dictionary<(int, int), GrammarExpr>();

        GrammarExpr Counted(int index) => Schema([.. ItemSchemas(layouts, index), contains]);
        GrammarExpr Uncounted(int index)
        {
            if (outside is not { } failing) return Schema(ItemSchemas(layouts, index));
            try
            {
                return Schema([.. ItemSchemas(layouts, index), failing]);
            }
            catch (JsonSchemaException e) when (e.Pointer.StartsWith(failing.Pointer, StringComparison.Ordinal))
            {
                throw new JsonSchemaException(owner.Pointer, "maxContains", "the items that fail 'contains' cannot be expressed (" + e.Reason + ")");
            }
        }

        // The rest of the list after `read` items of which `matched` were counted.
        GrammarExpr State(int read, int matched)
        {
            if (states.TryGetValue((read, matched), out var known)) return known;
            var rule = new RuleRefExpr(prefix + Index(read) + "_" + Index(matched));
            states[(read, matched)] = rule;
            GrammarExpr body;
            var before = read == 0 ? Expr.Empty : _comma;
            if (max is null && read == saturated)
            {
                // Uncounted items loop; a counted one moves to the next count.
                var loop = Expr.Repeat(Expr.Seq(_comma, Uncounted(read)), 0, null);
                var next = matched < counts ? Expr.Seq(_comma, Counted(read), State(read, matched + 1)) : Expr.Nothing;
                body = Expr.Seq(loop, Expr.Or(matched >= atLeast ? Expr.Empty : Expr.Nothing, next));
            }
            else
            {
                var end = read >= min && matched >= atLeast ? Expr.Empty : Expr.Nothing;
                var more = new List<GrammarExpr> { end };
                if (max is null || read < max)
                {
                    int after = max is null ? Math.Min(read + 1, saturated) : read + 1;
                    if (matched < counts) more.Add(Expr.Seq(before, Counted(read), State(after, matched + 1)));
                    more.Add(Expr.Seq(before, Uncounted(read), State(after, matched)));
                }
                body = Expr.Or(more);
            }
            _rules[rule.Name] = body;
            return rule;
        }

        return Expr.Seq(Expr.Text("["), _ws, State(0, 0), _ws, Expr.Text("]"));
    }
}
