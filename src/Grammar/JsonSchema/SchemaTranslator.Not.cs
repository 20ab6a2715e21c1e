using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// The forms of <c>not</c> a grammar can enforce exactly: <c>not true</c>/<c>not {}</c> (nothing), <c>not false</c>
/// (no effect), <c>not {"type": …}</c> (remove types), <c>not {"required": [name]}</c> (the property is absent) and
/// <c>not {"const": …}</c>/<c>not {"enum": […]}</c> of scalars (values removed), <c>not {"not": X}</c> (X),
/// <c>not</c> of several required names (a choice: one of them missing), <c>not</c> of an object schema (a choice of the
/// ways to fail it, <see cref="NegatedObjectBranches"/>), <c>not</c> of an <c>anyOf</c> (every branch negated), and
/// <c>not</c> of a schema that constrains strings only (patterns, known formats, lengths: its string language is
/// subtracted, see <see cref="StringLanguage"/>).
/// </summary>
internal sealed partial class SchemaTranslator
{
    private static readonly HashSet<string> Annotations =
        ["title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly", "$schema", "$id", "$anchor"];

    private static readonly string[] StringKeywords = ["minLength", "maxLength", "pattern", "format"];

    private sealed record Negations(bool Nothing, JsonTypes ExcludedTypes, IReadOnlySet<string> AbsentProperties, IReadOnlySet<string> ExcludedValues,
        IReadOnlyList<StringLanguage> ExcludedStrings);

    private static readonly Negations NoNegations = new(false, JsonTypes.None, new HashSet<string>(), new HashSet<string>(), []);

    private Negations NegationsOf(Conjunction c)
    {
        if (!c.Has("not")) return NoNegations;
        bool nothing = false;
        var excluded = JsonTypes.None;
        var absent = new HashSet<string>(StringComparer.Ordinal);
        var values = new HashSet<string>(StringComparer.Ordinal);
        var strings = new List<StringLanguage>();
        foreach (var (node, negated) in c.With("not"))
        {
            if (negated.ValueKind == JsonValueKind.False || DoubleNegated(node) is not null || NegatesContains(node) || c.IsConsumed(node, "not")) continue;
            var keywords = SchemaKeywords(negated);
            if (negated.ValueKind == JsonValueKind.True || negated.ValueKind == JsonValueKind.Object && keywords.Count == 0)
                nothing = true;
            else if (keywords is [{ Name: "type" }])
                excluded |= TypesOf(new Conjunction([node.Child("not")], false, c.Consumed));
            else if (keywords is [{ Name: "required", Value: { ValueKind: JsonValueKind.Array } names }] && names.GetArrayLength() == 1
                     && names[0].ValueKind == JsonValueKind.String)
                absent.Add(names[0].GetString()!);
            else if (ScalarValues(node.Child("not"), c) is { } listed)
                values.UnionWith(listed);
            else if (StringsOnly(node.Child("not"), c) is var (language, typed))
            {
                strings.Add(language);
                // Without a type the negated schema also holds every non-string.
                if (!typed) excluded |= JsonTypes.All & ~JsonTypes.String;
            }
            else Unsupported(node, "not", "only 'not' of true, {}, false, a type, one required property, a const/enum of scalars, or string keywords is supported");
        }
        return new Negations(nothing, excluded, absent, values, strings);
    }

    /// <summary>The compact texts of a schema that is one <c>const</c> or <c>enum</c> of scalars, else null.</summary>
    private static List<string>? ScalarValues(SchemaNode schema, Conjunction c) =>
        SchemaKeywords(schema.Element) is [{ Name: "const" or "enum" }]
        && EnumValues(new Conjunction([schema], false, c.Consumed)) is { } listed && listed.All(v => v[0] is not ('{' or '['))
            ? listed
            : null;

    /// <summary>
    /// The string language of a schema that constrains strings only (<c>type: string</c>, patterns, known formats,
    /// lengths), and whether it names the type (else it holds every non-string too); null for other schemas.
    /// </summary>
    private (StringLanguage Language, bool Typed)? StringsOnly(SchemaNode schema, Conjunction c)
    {
        var keywords = SchemaKeywords(schema.Element);
        bool typed = false;
        foreach (var keyword in keywords)
        {
            if (keyword.Name == "type")
            {
                if (keyword.Value.ValueKind != JsonValueKind.String || keyword.Value.GetString() != "string") return null;
                typed = true;
            }
            else if (!StringKeywords.Contains(keyword.Name)) return null;
        }
        return StringContent(new Conjunction([schema], false, c.Consumed)) is { } language ? (language, typed) : null;
    }

    /// <summary>X when <paramref name="node"/> has <c>not {"not": X}</c> (nothing else in the outer negation), else null.</summary>
    private static SchemaNode? DoubleNegated(SchemaNode node) =>
        node.TryGet("not", out var negated) && SchemaKeywords(negated) is [{ Name: "not" }] ? node.Child("not", "not") : null;

    /// <summary>
    /// <c>not {"contains": X}</c> (X without references): an array no item of which matches X, which is
    /// <c>{"type": "array", "items": {"not": X}}</c> (every non-array satisfies <c>contains</c>, so fails its negation).
    /// </summary>
    private static bool NegatesContains(SchemaNode node) =>
        node.TryGet("not", out var negated) && SchemaKeywords(negated) is [{ Name: "contains", Value: var contained }]
        && !HoldsRef(contained);

    /// <summary>The <c>items</c> form of <paramref name="node"/>'s <c>not {"contains": X}</c> (see <see cref="NegatesContains"/>).</summary>
    private SchemaNode NoItemMatches(SchemaNode node) =>
        Synthetic(new JsonObject
        {
            ["type"] = "array",
            ["items"] = new JsonObject { ["not"] = JsonNode.Parse(node.Child("not", "contains").Element.GetRawText()) },
        }, node);

    /// <summary>
    /// The names of <c>not {"required": [two or more]}</c> (or an <c>allOf</c> of required-only schemas): "some name is
    /// missing", a choice distributed with the other choice keywords. Null for other forms.
    /// </summary>
    private static List<string>? NegatedRequiredNames(SchemaNode node)
    {
        if (!node.TryGet("not", out var negated)) return null;
        var parts = SchemaKeywords(negated) is [{ Name: "allOf", Value: { ValueKind: JsonValueKind.Array } all }]
            ? all.EnumerateArray().ToList()
            : [negated];
        var names = new List<string>();
        foreach (var part in parts)
        {
            if (SchemaKeywords(part) is not [{ Name: "required", Value: { ValueKind: JsonValueKind.Array } required }]
                || required.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.String))
                return null;
            names.AddRange(required.EnumerateArray().Select(n => n.GetString()!));
        }
        names = names.Distinct(StringComparer.Ordinal).ToList();
        return names.Count >= 2 ? names : null;
    }

    /// <summary>
    /// The <c>not</c> forms written as a choice (several required names, an object schema, an <c>anyOf</c>), or null
    /// for the others (<see cref="NegationsOf"/> takes those).
    /// </summary>
    private IReadOnlyList<IReadOnlyList<SchemaNode>>? NegationChoice(SchemaNode node)
    {
        if (!node.TryGet("not", out var negated) || DoubleNegated(node) is not null || NegatesContains(node)) return null;
        if (NegatedRequiredNames(node) is { } names) return MissingOneOf(names, node);
        if (SchemaKeywords(negated) is [{ Name: "anyOf", Value: { ValueKind: JsonValueKind.Array } branches }] && branches.GetArrayLength() > 0)
            return NegatedUnion(node.Child("not"), branches.GetArrayLength());
        return NegatedObjectBranches(node.Child("not"), node);
    }

    /// <summary>
    /// ¬<paramref name="negated"/> for an object schema (<c>type</c>, <c>properties</c>, <c>required</c> only, with
    /// <c>properties</c> or with both <c>type</c> and <c>required</c>; a lone
    /// <c>$ref</c> is followed) as a choice of the ways to fail it: a type it does not allow, a required name absent,
    /// or a declared property present with a value its schema rejects (that schema negated in turn). Null for other
    /// forms.
    /// </summary>
    private List<IReadOnlyList<SchemaNode>>? NegatedObjectBranches(SchemaNode negated, SchemaNode scope)
    {
        for (int hops = 0; hops < 8 && SchemaKeywords(negated.Element) is [{ Name: "$ref", Value: { ValueKind: JsonValueKind.String } target }]; hops++)
            negated = _document.Resolve(negated, target.GetString()!, "$ref");
        var keywords = SchemaKeywords(negated.Element);
        // `required` alone is NegatedNames' (one name) or MissingOneOf's (several): its branches would negate it again.
        bool objectSchema = keywords.Any(k => k.Name == "properties") || keywords.Any(k => k.Name == "type") && keywords.Any(k => k.Name == "required");
        if (!objectSchema || keywords.Any(k => k.Name is not ("type" or "properties" or "required")))
            return null;
        var branches = new List<IReadOnlyList<SchemaNode>>();
        if (negated.TryGet("type", out var type))
            branches.Add([Synthetic(new JsonObject { ["not"] = new JsonObject { ["type"] = JsonNode.Parse(type.GetRawText()) } }, scope)]);
        if (negated.TryGet("required", out var required) && required.ValueKind == JsonValueKind.Array)
            foreach (var name in required.EnumerateArray())
                if (name.ValueKind == JsonValueKind.String) branches.Add([AbsentObjectSchema(name.GetString()!, scope)]);
        if (negated.TryGet("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            foreach (var property in properties.EnumerateObject())
                branches.Add([ValueOutsideSchema(property.Name, negated.Child("properties", property.Name), scope)]);
        return branches;
    }

    /// <summary>The names <c>not {"required": [name]}</c> keeps out of the objects of <paramref name="c"/>.</summary>
    private static IEnumerable<string> NegatedNames(Conjunction c) =>
        c.With("not").Where(n => !c.IsConsumed(n.Node, "not"))
            .Select(n => SchemaKeywords(n.Value) is [{ Name: "required", Value: { ValueKind: JsonValueKind.Array } names }]
                && names.GetArrayLength() == 1 && names[0].ValueKind == JsonValueKind.String ? names[0].GetString() : null)
            .OfType<string>();

    /// <summary>Objects missing one of <paramref name="names"/>: missing the first, or having it and missing the second, … (disjoint).</summary>
    private IReadOnlyList<IReadOnlyList<SchemaNode>> MissingOneOf(IReadOnlyList<string> names, SchemaNode scope) =>
        names.Select((name, k) => (IReadOnlyList<SchemaNode>)[.. names.Take(k).Select(m => PresentSchema([m], scope)), AbsentObjectSchema(name, scope)]).ToList();

    /// <summary>The keywords of a schema object that constrain values (annotations left out).</summary>
    private static List<JsonProperty> SchemaKeywords(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object ? schema.EnumerateObject().Where(p => !Annotations.Contains(p.Name)).ToList() : [];

    /// <summary>
    /// The grammar of strings other than the <c>not</c>-excluded ones (when no <c>enum</c> lists the allowed values):
    /// an unconstrained string less a set of literals directly; with string keywords or negated string languages, as
    /// a difference of string languages (<see cref="StringsOutside"/>).
    /// </summary>
    private GrammarExpr StringsExcept(Conjunction c, IReadOnlySet<string> excluded, IReadOnlyList<StringLanguage> languages)
    {
        var strings = excluded.Where(v => v[0] == '"').ToList();
        if (strings.Count == 0 && languages.Count == 0) return Strings(c);
        if (languages.Count > 0 || c.Nodes.Any(n => StringKeywords.Any(k => n.TryGet(k, out _)))) return StringsOutside(c, strings, languages);
        return KeyExclusionGrammar.NoneOf(Decoded(strings));
    }

    /// <summary>The strings that JSON string literals spell.</summary>
    private static List<string> Decoded(IReadOnlyList<string> literals)
    {
        using var decoded = JsonDocument.Parse("[" + string.Join(",", literals) + "]");
        return decoded.RootElement.EnumerateArray().Select(s => s.GetString()!).ToList();
    }

    /// <summary>
    /// Strings of <paramref name="c"/> outside the negated string languages (and other than the excluded literals): the
    /// difference of string languages, refused (naming the first <c>not</c>) when one cannot be built. An
    /// <c>enum</c> of <paramref name="c"/> is left to the caller, which filters its values against this grammar.
    /// </summary>
    private GrammarExpr StringsOutside(Conjunction c, IReadOnlyList<string> literals, IReadOnlyList<StringLanguage> languages)
    {
        try
        {
            if (StringContent(c, listedValuesFiltered: true) is not { } language)
                throw new Compilation.GrammarException("the strings' own keywords cannot be expressed as a string language");
            foreach (var negated in languages) language = language.Minus(negated);
            if (literals.Count > 0) language = language.Minus(StringLanguage.OfNames(Decoded(literals)));
            return language.IsEmpty ? Expr.Nothing : JsonStringGrammar.Quoted(language.ToExpr());
        }
        catch (Exception e) when (e is Compilation.GrammarException or NotSupportedException)
        {
            Unsupported(c.With("not").First().Node, "not", $"the excluded strings cannot be subtracted exactly: {e.Message}");
            return Strings(c);
        }
    }
}
