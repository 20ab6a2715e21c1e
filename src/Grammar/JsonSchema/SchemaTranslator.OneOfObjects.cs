using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// <c>oneOf</c> branches that overlap as objects. Branch i is narrowed to the values that show a reason to fail each
/// other branch j: a property j requires is absent, a property is present whose value j excludes (or j forbids
/// outright, or j negates requiring), or the value is not an object when j allows none of i's other types; and where
/// nothing else can fail j, a property only j declares present with a value outside j's schema for it. Each j gives a clause (one of its
/// reasons must hold); branch i becomes i ∧ every clause, written as a few alternatives (the clauses multiplied out,
/// absorbed, and made disjoint where a term is one reason). Values of i that fail j only for a reason not listed
/// (say, a value j's schema excludes for some values only) are not written: a narrowing, like strict mode, never a
/// widening, so no value that fails "exactly one" is ever accepted.
/// </summary>
internal sealed partial class SchemaTranslator
{
    /// <summary>How many alternatives one branch may become.</summary>
    private const int MaxFailureTerms = 8;

    /// <summary>
    /// A reason to fail a branch: the property <see cref="Name"/> present or absent, or present with a value outside
    /// <see cref="Outside"/> (a schema <c>not</c> can negate); no name: not an object.
    /// </summary>
    private readonly record struct ObjectFailure(string? Name, bool Present, SchemaNode? Outside = null)
    {
        public static readonly ObjectFailure NotAnObject = new(null, false);

        /// <summary>Whether both can hold (properties imply an object; a property is not both present and absent).</summary>
        public bool CompatibleWith(ObjectFailure other) =>
            Name is null == other.Name is null && (Name is null || Name != other.Name || Present == other.Present);
    }

    /// <summary>The reasons values of <paramref name="a"/> may fail <paramref name="b"/> (null when there is none to see).</summary>
    private List<ObjectFailure>? ObjectFailures(Conjunction a, Conjunction b)
    {
        var typesA = PossibleTypes(a, 0);
        var typesB = PossibleTypes(b, 0);
        if ((typesA & JsonTypes.Object) == 0) return null;
        var reasons = new List<ObjectFailure>();
        if ((typesA & ~JsonTypes.Object) != 0 && (typesA & typesB & ~JsonTypes.Object) == 0) reasons.Add(ObjectFailure.NotAnObject);
        var requiredA = Required(a).ToHashSet(StringComparer.Ordinal);
        foreach (string name in Required(b).Distinct(StringComparer.Ordinal))
            if (!requiredA.Contains(name)) reasons.Add(new ObjectFailure(name, false));
        var declaredA = DeclaredNames(a);
        foreach (string name in NegatedNames(b).Distinct(StringComparer.Ordinal))
            if (declaredA.Contains(name)) reasons.Add(new ObjectFailure(name, true));
        foreach (string name in declaredA)
        {
            if (ValueExcluded(a, b, name, 1)) reasons.Add(new ObjectFailure(name, true));
            // A value outside b's schema, unless a applies that very schema itself (then it never writes one).
            else if (NegatableValue(b, name) is { } outside && !AppliesSchema(a, name, outside.Element))
                reasons.Add(new ObjectFailure(name, true, outside));
        }
        // A property only b declares, which a does not close: a's objects may have it with a value outside b's schema.
        // Only when these are then every way to fail b (else keeping them alone would refuse values failing b otherwise).
        bool nonObjectsFail = reasons.Contains(ObjectFailure.NotAnObject);
        if (reasons.Count == (nonObjectsFail ? 1 : 0) && FailsOnlyByUndeclared(a, b, nonObjectsFail ? JsonTypes.Object : typesA, requiredA, declaredA))
            foreach (string name in DeclaredNames(b).Except(declaredA, StringComparer.Ordinal))
                if (NegatableValue(b, name) is { } outside && !Closed(a, name))
                    reasons.Add(new ObjectFailure(name, true, outside));
        return reasons.Count > 0 ? reasons.Distinct().ToList() : null;
    }

    /// <summary>
    /// Whether a value of <paramref name="a"/> can fail <paramref name="b"/> only by a property a does not declare
    /// whose value b's (negatable) schema rejects: b's other schemas ask only for objects or types a's other values
    /// have (<paramref name="typesA"/>: Object when those fail b anyway), names a requires, and property schemas a
    /// applies itself.
    /// </summary>
    private bool FailsOnlyByUndeclared(Conjunction a, Conjunction b, JsonTypes typesA, HashSet<string> requiredA, List<string> declaredA)
    {
        foreach (var node in SchemasNotIn(b, a))
            foreach (var keyword in SchemaKeywords(node.Element))
            {
                var typesB = keyword.Name == "type" ? TypesOf(new Conjunction([node], false, b.Consumed)) : JsonTypes.None;
                bool listed = keyword.Name switch
                {
                    "type" => typesB.HasFlag(JsonTypes.Object) && (typesA & ~JsonTypes.Object & ~typesB) == 0,
                    "required" => NamesAmong(keyword.Value, requiredA),
                    "properties" => keyword.Value.ValueKind == JsonValueKind.Object && keyword.Value.EnumerateObject().All(p =>
                        AppliesSchema(a, p.Name, p.Value) || !declaredA.Contains(p.Name) && NegatableValue(b, p.Name) is not null),
                    "$ref" or "allOf" => true,
                    _ => false,
                };
                if (!listed) return false;
            }
        return true;
    }

    /// <summary>The schemas of <paramref name="b"/> that <paramref name="a"/> does not apply itself.</summary>
    private static IEnumerable<SchemaNode> SchemasNotIn(Conjunction b, Conjunction a) =>
        b.Nodes.Where(n => !a.Nodes.Any(m => m.Pointer == n.Pointer));

    /// <summary>Whether <paramref name="required"/> is an array of names all in <paramref name="names"/>.</summary>
    private static bool NamesAmong(JsonElement required, HashSet<string> names) =>
        required.ValueKind == JsonValueKind.Array && required.EnumerateArray().All(n => n.ValueKind == JsonValueKind.String && names.Contains(n.GetString()!));

    private static List<string> DeclaredNames(Conjunction c) =>
        c.With("properties").Where(p => p.Value.ValueKind == JsonValueKind.Object)
            .SelectMany(p => p.Value.EnumerateObject().Select(q => q.Name)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The one schema <paramref name="b"/> applies to the property when its negation is one <see cref="NegationsOf"/>
    /// writes (types only, scalar values only, strings only), so a value outside it can be written; else null.
    /// </summary>
    private SchemaNode? NegatableValue(Conjunction b, string name) =>
        b.Nodes.SelectMany(n => PropertySchemas(n, name)).Where(s => !IsEmptySchema(s.Element)).ToList() is [var schema]
        && schema.Element.ValueKind == JsonValueKind.Object
        && (SchemaKeywords(schema.Element) is [{ Name: "type" }] || ScalarValues(schema, b) is not null || StringsOnly(schema, b) is not null)
            ? schema
            : null;

    /// <summary>Whether every value <paramref name="a"/> writes for the property fails the schemas <paramref name="b"/> applies to it.</summary>
    private bool ValueExcluded(Conjunction a, Conjunction b, string name, int depth)
    {
        var valueB = Flatten(b.Nodes.SelectMany(n => PropertySchemas(n, name)), ImmutableSortedSet<string>.Empty);
        if (valueB.IsFalse) return true;
        var valueA = Flatten(a.Nodes.SelectMany(n => PropertySchemas(n, name)), ImmutableSortedSet<string>.Empty);
        // A value a writes satisfies every schema a applies itself (often both branches share the declaration).
        return !valueB.Nodes.All(n => valueA.Nodes.Any(m => m.Pointer == n.Pointer)) && Excludes(valueA, valueB, depth);
    }

    /// <summary>
    /// Whether every value <paramref name="a"/> writes satisfies <paramref name="b"/>: each schema of b is one a applies
    /// itself, or asks only for types a's values have, names a requires and property schemas a applies too.
    /// </summary>
    private bool Satisfies(Conjunction a, Conjunction b)
    {
        if (b.IsFalse) return false;
        var types = PossibleTypes(a, 0);
        var required = Required(a).ToHashSet(StringComparer.Ordinal);
        foreach (var node in SchemasNotIn(b, a))
            foreach (var keyword in SchemaKeywords(node.Element))
            {
                bool holds = keyword.Name switch
                {
                    "type" => (types & ~TypesOf(new Conjunction([node], false, b.Consumed))) == 0,
                    "required" => NamesAmong(keyword.Value, required),
                    "properties" => keyword.Value.ValueKind == JsonValueKind.Object
                        && keyword.Value.EnumerateObject().All(p => AppliesSchema(a, p.Name, p.Value)),
                    // What they refer to is in b's nodes (flattened), checked on its own.
                    "$ref" or "allOf" => true,
                    _ => false,
                };
                if (!holds) return false;
            }
        return true;
    }

    private static bool IsEmptySchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.True || schema.ValueKind == JsonValueKind.Object && SchemaKeywords(schema).Count == 0;

    /// <summary>Whether <paramref name="schema"/> is empty, or a schema <paramref name="a"/> applies to the property is the same.</summary>
    private bool AppliesSchema(Conjunction a, string name, JsonElement schema)
    {
        if (IsEmptySchema(schema)) return true;
        string text = Canonical(schema);
        return Flatten(a.Nodes.SelectMany(n => PropertySchemas(n, name)), ImmutableSortedSet<string>.Empty).Nodes
            .Any(n => Canonical(n.Element) == text);

        static string Canonical(JsonElement e) => string.Join(",", SchemaKeywords(e).Select(k => k.Name + ":" + CompactJson.Write(k.Value)));
    }

    /// <summary>
    /// The clauses (each: one of its reasons holds) multiplied out into terms (all of a term's reasons hold), a term
    /// that already meets a clause kept as it is and terms implied by smaller ones dropped; null past the limit.
    /// </summary>
    private static List<List<ObjectFailure>>? FailureTerms(List<List<ObjectFailure>> clauses)
    {
        List<List<ObjectFailure>> terms = [[]];
        foreach (var clause in clauses)
        {
            var next = new List<List<ObjectFailure>>();
            foreach (var term in terms)
            {
                if (term.Any(clause.Contains)) next.Add(term);
                else next.AddRange(clause.Where(r => term.All(r.CompatibleWith)).Select(r => (List<ObjectFailure>)[.. term, r]));
            }
            terms = next.DistinctBy(Key).Where(t => !next.Any(u => u.Count < t.Count && u.All(t.Contains))).ToList();
            if (terms.Count > MaxFailureTerms) return null;
        }
        return terms;

        static string Key(List<ObjectFailure> term) =>
            string.Join("|", term.Select(r => $"{r.Present}:{r.Name}:{r.Outside?.Pointer}").Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The terms as schema lists. A one-reason term excludes its reason from the terms after it, so those overlap
    /// it no more (the non-object term, which overlaps no other, comes first).
    /// </summary>
    private List<IReadOnlyList<SchemaNode>> FailureAlternatives(List<List<ObjectFailure>> terms, SchemaNode scope)
    {
        var ordered = terms.OrderBy(t => t.Contains(ObjectFailure.NotAnObject) ? 0 : 1).ToList();
        var alternatives = new List<IReadOnlyList<SchemaNode>>();
        var excluded = new List<ObjectFailure>();
        foreach (var term in ordered)
        {
            if (term.Contains(ObjectFailure.NotAnObject))
            {
                alternatives.Add([Synthetic(new JsonObject { ["not"] = new JsonObject { ["type"] = "object" } }, scope)]);
                continue;
            }
            var all = term.Concat(excluded.Select(r => r with { Present = !r.Present }).Where(r => term.All(r.CompatibleWith))).Distinct().ToList();
            var present = all.Where(r => r.Present).Select(r => r.Name!).Distinct().ToList();
            alternatives.Add([.. present.Count > 0 ? [PresentSchema(present, scope)] : Array.Empty<SchemaNode>(),
                .. all.Where(r => !r.Present).Select(r => AbsentObjectSchema(r.Name!, scope)),
                .. all.Where(r => r.Outside is not null).Select(r => ValueOutsideSchema(r.Name!, r.Outside!.Value, scope))]);
            // A one-reason term is negated in the terms after it (a value outside a schema has no one-schema negation).
            if (term is [{ Name: not null, Outside: null } only]) excluded.Add(only);
        }
        return alternatives;
    }
}
