using System.Collections.Immutable;
using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// <c>oneOf</c> as a choice whose branches never overlap. For every ordered pair of branches (i, j), each value the
/// grammar writes for branch i (in the context of the enclosing schema) must fail branch j under JSON Schema semantics:
/// proved by <see cref="Excludes"/>; or enforced by adding ¬j to branch i when j constrains strings only (¬j is then
/// the strings outside j's language, and no non-string if j names no type); or by keeping in branch i the values that
/// show a reason to fail j (<see cref="ObjectFailures"/>: a property j requires absent, one it excludes present, a
/// non-object where j takes none). Otherwise the keyword is refused.
/// </summary>
internal sealed partial class SchemaTranslator
{
    /// <summary>How deep the proof follows nested property schemas and <c>anyOf</c>/<c>oneOf</c> branches.</summary>
    private const int MaxProofDepth = 4;

    private IReadOnlyList<IReadOnlyList<SchemaNode>> OneOfBranches(Conjunction c, SchemaNode node)
    {
        var children = BranchNodes(node, "oneOf");
        var rest = c.Consumed.Add(node.Pointer + "/oneOf");
        var inContext = children.Select(b => Flatten([.. c.Nodes, b], rest)).ToList();
        var branches = new List<IReadOnlyList<SchemaNode>>();
        for (int i = 0; i < children.Count; i++)
        {
            List<IReadOnlyList<SchemaNode>> alternatives = [[children[i]]];
            var clauses = new List<List<ObjectFailure>>();
            for (int j = 0; j < children.Count; j++)
            {
                if (j == i || Excludes(inContext[i], inContext[j], 0)) continue;
                if (ObjectKeywordsOnly(children[j]) && Excludes(Flatten([.. inContext[i].Nodes, ObjectSchema(node)], rest), inContext[j], 0))
                {
                    // Branch j constrains objects only, so every non-object of branch i satisfies it: i keeps its objects.
                    alternatives = alternatives.Select(a => (IReadOnlyList<SchemaNode>)[.. a, ObjectSchema(node)]).ToList();
                    continue;
                }
                if (StringsOnly(children[j], c) is not null)
                {
                    // Branch j constrains strings only: i keeps what fails it (its string language is subtracted).
                    var notJ = NegatedSchema(children[j], node);
                    alternatives = alternatives.Select(a => (IReadOnlyList<SchemaNode>)[.. a, notJ]).ToList();
                    continue;
                }
                var clause = ObjectFailures(inContext[i], inContext[j]);
                if (clause is null && !Satisfies(inContext[i], inContext[j]))
                {
                    Unsupported(node, "oneOf", "branches may overlap, so 'exactly one' cannot be enforced");
                    return children.Select(b => (IReadOnlyList<SchemaNode>)[b]).ToList();
                }
                // No reason to fail j, and every value of i satisfies j: i keeps nothing (an empty clause).
                clauses.Add(clause ?? []);
            }
            if (FailureTerms(clauses) is not { } terms)
            {
                Unsupported(node, "oneOf", $"branch {i} must fail the others in more than {MaxFailureTerms} ways, so 'exactly one' cannot be enforced");
                return children.Select(b => (IReadOnlyList<SchemaNode>)[b]).ToList();
            }
            var ways = FailureAlternatives(terms, node);
            branches.AddRange(alternatives.SelectMany(a => ways.Select(w => (IReadOnlyList<SchemaNode>)[.. a, .. w])));
        }
        return branches;
    }

    private static readonly HashSet<string> ObjectKeywords =
        ["properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties", "propertyNames", "$ref", "allOf"];

    /// <summary>Whether the branch (with what it refers to) has no keyword that constrains non-objects.</summary>
    private bool ObjectKeywordsOnly(SchemaNode branch) =>
        Flatten([branch], ImmutableSortedSet<string>.Empty) is { IsFalse: false } flat
        && flat.Nodes.All(n => SchemaKeywords(n.Element).All(k => ObjectKeywords.Contains(k.Name)));

    /// <summary>Whether every value the grammar writes for <paramref name="a"/> fails <paramref name="b"/> (false: not proved).</summary>
    private bool Excludes(Conjunction a, Conjunction b, int depth)
    {
        if (a.IsFalse || b.IsFalse) return true;
        if (depth > MaxProofDepth) return false;
        if (NegatesPartOf(a, b) || NegatesPartOf(b, a)) return true;
        var typesA = PossibleTypes(a, depth);
        var typesB = PossibleTypes(b, depth);
        if ((typesA & typesB) == 0) return true;
        if (EnumValues(a) is { } va && EnumValues(b)?.ToHashSet(StringComparer.Ordinal) is var vb
            && va.All(v => (TypeOfText(v) & typesB) == 0 || vb is not null && !vb.Contains(v)))
            return true;
        // Finite scalar languages on either side: no value of one is in the other (for scalars, a ∩ b = ∅ is symmetric).
        // (a's own other keywords may already drop some of its listed values: say, an enum narrowed by a pattern.)
        if (EnumValues(a) is { } scalarsA && scalarsA.All(v => v[0] is not ('{' or '[')) && MayMatch(b, MayMatch(a, scalarsA)).Count == 0)
            return true;
        if (EnumValues(b) is { } scalarsB && scalarsB.All(v => v[0] is not ('{' or '[')) && MayMatch(a, scalarsB).Count == 0)
            return true;
        // Strings are all both can be, and no string content fits both (e.g. patterns starting differently).
        if ((typesA & typesB) == JsonTypes.String && StringContent(a) is { } contentA && StringContent(b) is { } contentB)
        {
            try
            {
                if (contentA.Intersect(contentB).IsEmpty) return true;
            }
            catch (Compilation.GrammarException)
            {
                // Too large to decide: not proved.
            }
        }
        // Objects are all both can be (a's other values fail b's types), and no object of a fits b.
        return (typesA & typesB) == JsonTypes.Object && ObjectsExcluded(a, b, depth) || ChoicesExcluded(a, b, depth);
    }

    /// <summary>
    /// Whether <paramref name="a"/> holds <c>not S</c> where every schema of S is one of <paramref name="b"/>'s (a
    /// <c>$ref</c> wrapper aside): b's values all satisfy S, a's none (<c>oneOf: [{not: X}, {allOf: [X, Y]}]</c>).
    /// </summary>
    private bool NegatesPartOf(Conjunction a, Conjunction b)
    {
        var schemasOfB = b.Nodes.Select(n => n.Pointer).ToHashSet(StringComparer.Ordinal);
        foreach (var (node, _) in a.With("not"))
        {
            var negated = Flatten([node.Child("not")], ImmutableSortedSet<string>.Empty);
            var constraining = negated.Nodes.Where(n => n.Element.EnumerateObject().Any(k => k.Name is not ("$ref" or "$comment" or "title" or "description"))).ToList();
            if (!negated.IsFalse && constraining.Count > 0 && constraining.All(n => schemasOfB.Contains(n.Pointer))) return true;
        }
        return false;
    }

    /// <summary>
    /// A choice not yet distributed narrows its conjunction to the union of its branches: <paramref name="a"/> is
    /// excluded when every branch of one of b's choices is, or every branch of one of a's choices (in a's context) is.
    /// </summary>
    private bool ChoicesExcluded(Conjunction a, Conjunction b, int depth)
    {
        if (depth >= 2) return false;
        foreach (string keyword in new[] { "anyOf", "oneOf" })
        {
            foreach (var (node, branches) in b.With(keyword))
                if (!b.IsConsumed(node, keyword) && branches.ValueKind == JsonValueKind.Array && branches.GetArrayLength() > 0
                    && Enumerable.Range(0, branches.GetArrayLength()).All(k =>
                        Excludes(a, Flatten([node.Child(keyword, Index(k))], ImmutableSortedSet<string>.Empty), depth + 1)))
                    return true;
            foreach (var (node, branches) in a.With(keyword))
                if (!a.IsConsumed(node, keyword) && branches.ValueKind == JsonValueKind.Array && branches.GetArrayLength() > 0
                    && Enumerable.Range(0, branches.GetArrayLength()).All(k =>
                        Excludes(Flatten([.. a.Nodes, node.Child(keyword, Index(k))], a.Consumed.Add(node.Pointer + "/" + keyword)), b, depth + 1)))
                    return true;
        }
        return false;
    }

    /// <summary>Keywords that constrain values besides those <see cref="StringContent"/> reads.</summary>
    private static readonly HashSet<string> ValueKeywords =
    [
        "enum", "const", "anyOf", "oneOf", "if", "then", "else", "dependencies", "dependentRequired", "dependentSchemas",
        "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef", "contains", "minContains", "maxContains",
    ];

    private static readonly HashSet<string> NonStringKeywords =
    [
        "type", "nullable", "properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties",
        "propertyNames", "items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    ];

    /// <summary>
    /// The content language of the strings of <paramref name="c"/> when only patterns, known formats and length
    /// limits constrain them (keywords for other types aside; <c>not</c>, which only narrows it, ignored, and
    /// <c>enum</c>/<c>const</c> when <paramref name="listedValuesFiltered"/>); null otherwise, or when it cannot be built.
    /// </summary>
    private StringLanguage? StringContent(Conjunction c, bool listedValuesFiltered = false)
    {
        var languages = new List<StringLanguage>();
        try
        {
            foreach (var node in c.Nodes)
                foreach (var keyword in SchemaKeywords(node.Element))
                {
                    // then/else are done once their if is distributed (the branch taken is in the conjunction).
                    if (NonStringKeywords.Contains(keyword.Name) || c.IsConsumed(node, keyword.Name)
                        || keyword.Name is "then" or "else" && c.IsConsumed(node, "if")) continue;
                    switch (keyword.Name, keyword.Value.ValueKind)
                    {
                        case ("pattern", JsonValueKind.String):
                            languages.Add(PatternLanguage(keyword.Value.GetString()!));
                            break;
                        case ("format", JsonValueKind.String) when FormatGrammar.Get(keyword.Value.GetString()!) is { } format:
                            languages.Add(StringLanguage.Of(format.Content));
                            break;
                        // Not a standard format: an annotation, which the string grammar does not enforce either.
                        case ("format", JsonValueKind.String) when !FormatGrammar.IsStandard(keyword.Value.GetString()!):
                            break;
                        case ("minLength" or "maxLength", _):
                            break;
                        // A negation only narrows the language (it is subtracted where strings are written; a superset still
                        // proves disjointness), as do listed values where the caller filters them itself.
                        case ("not", _):
                        case ("enum" or "const", _) when listedValuesFiltered:
                            break;
                        // Containers ($defs, $ref and allOf, already flattened) and keywords no vocabulary defines
                        // (annotations): the grammar ignores them too.
                        case var (name, _) when !ValueKeywords.Contains(name):
                            break;
                        default:
                            return null;
                    }
                }
            var language = languages.Aggregate(StringLanguage.Any, (x, y) => x.Intersect(y));
            var (min, max) = LengthLimits(c);
            return min > 0 || max is not null ? language.WithLength(min, max) : language;
        }
        catch (Exception e) when (e is Compilation.GrammarException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The scalar texts that may satisfy <paramref name="c"/>: its grammar decides exactly for scalars (strict mode only
    /// narrows objects), except where it is a subset by design (formats, non-decimal <c>multipleOf</c> steps, numbers
    /// written without exponent), which are answered "may". The trial grammar's rules are dropped afterwards.
    /// </summary>
    private List<string> MayMatch(Conjunction c, List<string> scalars)
    {
        // One translation of c reads them all (translating it per scalar made a 238-value enum under a oneOf take a second).
        static bool Exponent(string v) => v[0] != '"' && v.Any(ch => ch is 'e' or 'E');
        if (c.With("format").Any() || c.With("multipleOf").Any() || scalars.All(Exponent)) return scalars;
        var rules = _rules.Keys.ToHashSet(StringComparer.Ordinal);
        var keys = _ruleByKey.Keys.ToHashSet(StringComparer.Ordinal);
        var exclusions = _keyExclusions.Keys.ToHashSet(StringComparer.Ordinal);
        try
        {
            var grammar = Schema(c.Nodes, c.Consumed);
            return scalars.Where(v => Exponent(v) || IrRecognizer.Matches(grammar, _rules, v)).ToList();
        }
        catch (KeyNotFoundException)
        {
            return scalars; // a rule still being built (a recursive schema): unknown
        }
        finally
        {
            foreach (string name in _rules.Keys.Where(n => !rules.Contains(n)).ToList()) _rules.Remove(name);
            foreach (string key in _ruleByKey.Keys.Where(k => !keys.Contains(k)).ToList()) _ruleByKey.Remove(key);
            foreach (string key in _keyExclusions.Keys.Where(k => !exclusions.Contains(k)).ToList()) _keyExclusions.Remove(key);
        }
    }

    /// <summary>
    /// Objects of <paramref name="a"/> fail <paramref name="b"/>: a property a requires has a value b's schema for it
    /// excludes, or b forbids it outright (or negates requiring it); or b requires a property a's grammar never writes;
    /// or a's objects have more (or fewer) members than b allows.
    /// </summary>
    private bool ObjectsExcluded(Conjunction a, Conjunction b, int depth)
    {
        var requiredA = Required(a).ToHashSet(StringComparer.Ordinal);
        if (NegatedNames(b).Any(requiredA.Contains)) return true;
        // Property counts: a's objects have more members than b allows, or fewer than b needs.
        if (PropertyCount(b).Max is { } maxB && Math.Max(requiredA.Count, PropertyCount(a).Min) > maxB) return true;
        if (PropertyCount(a).Max is { } maxA && Math.Max(Required(b).Distinct(StringComparer.Ordinal).Count(), PropertyCount(b).Min) > maxA) return true;
        foreach (string name in requiredA)
        {
            if (Closed(b, name)) return true;
            if (ValueExcluded(a, b, name, depth + 1)) return true;
        }
        return WrittenNames(a) is { } written && Required(b).Any(name => !written.Contains(name));
    }

    /// <summary>
    /// The only keys the grammar writes for objects of <paramref name="c"/> (declared, required or negated names when
    /// some schema closes the object, explicitly or by strict mode; see <c>ExtraKey</c>), or null when undeclared keys
    /// may appear or a choice still to distribute could declare more.
    /// </summary>
    private HashSet<string>? WrittenNames(Conjunction c)
    {
        if (c.Nodes.Any(n => PendingChoice(c, n))) return null;
        var names = Required(c).ToHashSet(StringComparer.Ordinal);
        foreach (var (_, declared) in c.With("properties"))
            if (declared.ValueKind == JsonValueKind.Object) names.UnionWith(declared.EnumerateObject().Select(p => p.Name));
        // As the grammar has it: without patterns, ForbidsUndeclared; with patterns (RegionValue), some node without
        // patterns forbids undeclared keys, or declares properties and says nothing of them in strict mode.
        bool closed = c.Nodes.Any(HasPatternProperties)
            ? c.Nodes.Any(n => !HasPatternProperties(n) && (n.TryGet("additionalProperties", out var additional)
                ? additional.ValueKind == JsonValueKind.False
                : _options.StrictProperties && DeclaresProperties(n)))
            : ForbidsUndeclared(c, names.Count > 0);
        names.UnionWith(NegationsOf(c).AbsentProperties);
        return closed ? names : null;
    }

    private bool PendingChoice(Conjunction c, SchemaNode n) =>
        new[] { "anyOf", "oneOf", "if" }.Concat(DependencyKeywords).Any(k => n.TryGet(k, out _) && !c.IsConsumed(n, k))
        || !c.IsConsumed(n, "not") && NegationChoice(n) is not null;

    /// <summary>The types values of <paramref name="c"/> can have: its <c>type</c>s, <c>enum</c> values and nested branches.</summary>
    private JsonTypes PossibleTypes(Conjunction c, int depth)
    {
        var types = TypesOf(c);
        if (EnumValues(c) is { } values) types &= values.Aggregate(JsonTypes.None, (t, v) => t | TypeOfText(v));
        if (depth >= MaxProofDepth) return types;
        // A distributed choice's branch is among the nodes: the union of all its branches adds nothing.
        foreach (string keyword in new[] { "anyOf", "oneOf" })
            foreach (var (node, branches) in c.With(keyword))
                if (branches.ValueKind == JsonValueKind.Array && branches.GetArrayLength() > 0 && !c.IsConsumed(node, keyword))
                    types &= Enumerable.Range(0, branches.GetArrayLength())
                        .Aggregate(JsonTypes.None, (t, i) => t | PossibleTypes(Flatten([node.Child(keyword, Index(i))], ImmutableSortedSet<string>.Empty), depth + 1));
        return types;
    }

    /// <summary>Whether some node forbids the property outright (not declared, no patterns, additionalProperties false).</summary>
    private static bool Closed(Conjunction c, string name) => c.Nodes.Any(node =>
        node.TryGet("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False
        && !node.TryGet("patternProperties", out _)
        && !(node.TryGet("properties", out var declared) && declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(name, out _)));

    private static IEnumerable<string> Required(Conjunction c) =>
        c.With("required").Where(r => r.Value.ValueKind == JsonValueKind.Array)
            .SelectMany(r => r.Value.EnumerateArray()).Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!);
}
