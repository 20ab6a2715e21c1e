using System.Collections.Immutable;
using System.Text.Json;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Undeclared keys under <c>patternProperties</c>: the key language (any key but the declared names) is split into
/// disjoint regions by which patterns match, each region's value must satisfy every matching pattern's schema, and
/// keys matching no pattern of a node follow its <c>additionalProperties</c> (or, in strict mode, are closed).
/// </summary>
internal sealed partial class SchemaTranslator
{
    /// <summary>Most non-empty key regions (sets of matching patterns) one object may split into.</summary>
    private const int MaxKeyRegions = 16;

    private sealed record KeyRegion(StringLanguage Keys, ImmutableList<(SchemaNode Node, string Pattern)> Matched);

    private static bool HasPatternProperties(SchemaNode node) =>
        node.TryGet("patternProperties", out var p) && p.ValueKind == JsonValueKind.Object && p.EnumerateObject().Any();

    private static bool DeclaresProperties(SchemaNode node) =>
        node.TryGet("properties", out var p) && p.ValueKind == JsonValueKind.Object && p.EnumerateObject().Any();

    /// <summary>The member grammar of undeclared keys when some node has <c>patternProperties</c>, or null when none is allowed.</summary>
    private GrammarExpr? PatternedMembers(Conjunction c, IReadOnlyList<string> declared, GrammarExpr? nameSchema)
    {
        var patterned = c.Nodes.First(HasPatternProperties);
        var nameLanguage = nameSchema is null ? null : PropertyNameLanguage(c);
        if (nameSchema is not null && nameLanguage is null)
        {
            Unsupported(c.With("propertyNames").First().Node, "propertyNames",
                "cannot be combined with patternProperties for undeclared keys unless it constrains strings only (pattern, format, lengths, string enum)");
            return null;
        }
        var patterns = c.Nodes.Where(HasPatternProperties)
            .SelectMany(node => node.Child("patternProperties").Element.EnumerateObject().Select(p => (node, p.Name)));
        try
        {
            var keys = declared.Count > 0 ? StringLanguage.Any.Minus(StringLanguage.OfNames(declared)) : StringLanguage.Any;
            if (nameLanguage is not null) keys = keys.Intersect(nameLanguage);
            var regions = new List<KeyRegion> { new(keys, []) };
            foreach (var pattern in patterns)
            {
                var matching = PatternLanguage(pattern.Name);
                regions = regions
                    .SelectMany(r => new KeyRegion[] { new(r.Keys.Intersect(matching), r.Matched.Add(pattern)), new(r.Keys.Minus(matching), r.Matched) })
                    .Where(r => !r.Keys.IsEmpty).ToList();
                if (regions.Count > MaxKeyRegions)
                    throw new Compilation.GrammarException($"the patterns overlap in more than {MaxKeyRegions} ways (limit MaxKeyRegions)");
            }
            var members = new List<GrammarExpr>();
            foreach (var region in regions)
                if (RegionValue(c, region.Matched) is { } value && !Expr.IsNothing(value))
                    members.Add(Expr.Seq(JsonStringGrammar.Quoted(region.Keys.ToExpr()), _ws, Expr.Text(":"), _ws, value));
            return members.Count == 0 ? null : Expr.Or(members);
        }
        catch (Exception e) when (e is Compilation.GrammarException or NotSupportedException)
        {
            Unsupported(patterned, "patternProperties", $"undeclared keys matching a pattern: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// The keys <c>propertyNames</c> allows as a string language, when its schemas constrain strings only (patterns,
    /// known formats, lengths, listed strings); null otherwise.
    /// </summary>
    private StringLanguage? PropertyNameLanguage(Conjunction c)
    {
        var names = Flatten(c.With("propertyNames").Select(p => p.Node.Child("propertyNames")), ImmutableSortedSet<string>.Empty);
        if (names.IsFalse || (TypesOf(names) & JsonTypes.String) == 0) return StringLanguage.OfNames([]);
        // A negation narrows what StringContent reads, so it cannot be left out of a key language.
        if (names.With("not").Any() || StringContent(names, listedValuesFiltered: true) is not { } language) return null;
        if (EnumValues(names) is { } listed) language = language.Intersect(StringLanguage.OfNames(Decoded(listed.Where(v => v[0] == '"').ToList())));
        return language;
    }

    /// <summary>
    /// The value grammar of keys matched by exactly <paramref name="matched"/>, or null when some node closes them: a node
    /// applies its matching patterns' schemas, else its <c>additionalProperties</c>, else (strict mode, and the node
    /// has patterns or declares properties) admits no such key. A node that declares nothing (say, one that only
    /// requires names) leaves undeclared keys to the nodes that speak of them.
    /// </summary>
    private GrammarExpr? RegionValue(Conjunction c, ImmutableList<(SchemaNode Node, string Pattern)> matched)
    {
        var schemas = new List<SchemaNode>();
        foreach (var node in c.Nodes)
        {
            var mine = matched.Where(m => m.Node.Pointer == node.Pointer).ToList();
            if (mine.Count > 0) schemas.AddRange(mine.Select(m => node.Child("patternProperties", m.Pattern)));
            else if (node.TryGet("additionalProperties", out _)) schemas.Add(node.Child("additionalProperties"));
            else if (_options.StrictProperties && (HasPatternProperties(node) || DeclaresProperties(node))) return null;
        }
        return Schema(schemas);
    }
}
