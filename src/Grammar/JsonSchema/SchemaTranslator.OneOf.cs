using System.Collections.Immutable;
using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary><c>oneOf</c> is compiled as <c>anyOf</c> only when no value can satisfy two branches.</summary>
internal sealed partial class SchemaTranslator
{
    private bool BranchesDisjoint(IReadOnlyList<SchemaNode> branches)
    {
        var flat = branches.Select(b => Flatten([b], ImmutableSortedSet<string>.Empty)).ToList();
        for (int i = 0; i < flat.Count; i++)
            for (int j = i + 1; j < flat.Count; j++)
                if (!Disjoint(flat[i], flat[j])) return false;
        return true;
    }

    private bool Disjoint(Conjunction a, Conjunction b)
    {
        if (a.IsFalse || b.IsFalse) return true;
        // Facts of a branch's own keywords hold for every value of it, whatever anyOf/oneOf it nests.
        var typesA = PossibleTypes(a);
        var typesB = PossibleTypes(b);
        if ((typesA & typesB) == 0) return true;
        if (EnumValues(a) is { } va && EnumValues(b) is { } vb && !va.Intersect(vb).Any()) return true;
        return typesA == JsonTypes.Object && typesB == JsonTypes.Object && HasDiscriminator(a, b);
    }

    private static JsonTypes PossibleTypes(Conjunction c)
    {
        var types = TypesOf(c);
        if (EnumValues(c) is { } values)
        {
            var enumTypes = JsonTypes.None;
            foreach (string v in values)
            {
                using var doc = JsonDocument.Parse(v);
                enumTypes |= JsonTypeNames.Of(doc.RootElement);
            }
            types &= enumTypes;
        }
        return types;
    }

    /// <summary>A property both require whose <c>const</c>/<c>enum</c> values differ (e.g. <c>"kind": "a"</c> vs <c>"b"</c>).</summary>
    private bool HasDiscriminator(Conjunction a, Conjunction b)
    {
        if (Required(a).Any(name => Closed(b, name)) || Required(b).Any(name => Closed(a, name))) return true;
        foreach (string name in Required(a).Intersect(Required(b)))
        {
            var va = PropertyValues(a, name);
            var vb = PropertyValues(b, name);
            if (va is not null && vb is not null && !va.Intersect(vb).Any()) return true;
        }
        return false;
    }

    /// <summary>Whether some node forbids the property outright (not declared, no patterns, additionalProperties false).</summary>
    private static bool Closed(Conjunction c, string name) => c.Nodes.Any(node =>
        node.TryGet("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False
        && !node.TryGet("patternProperties", out _)
        && !(node.TryGet("properties", out var declared) && declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(name, out _)));

    private static IEnumerable<string> Required(Conjunction c) =>
        c.With("required").Where(r => r.Value.ValueKind == JsonValueKind.Array)
            .SelectMany(r => r.Value.EnumerateArray()).Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!);

    private List<string>? PropertyValues(Conjunction c, string name)
    {
        List<string>? values = null;
        foreach (var (node, properties) in c.With("properties"))
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out _)
                && EnumValues(Flatten([node.Child("properties", name)], ImmutableSortedSet<string>.Empty)) is { } these)
                values = values is null ? these : values.Intersect(these).ToList();
        return values;
    }
}
