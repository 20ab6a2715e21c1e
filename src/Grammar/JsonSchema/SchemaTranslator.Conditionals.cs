using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// <c>if</c>/<c>then</c>/<c>else</c> as the choice (if ∧ then) ∨ (¬if ∧ else), exact when ¬if is written with
/// schemas the grammar enforces: <c>if</c> of a boolean, of a form <c>not</c> supports (a type, one required property,
/// a const/enum of scalars), string keywords only, numeric bounds only, the discriminator shape
/// <c>{"properties": {"p": {"const"/"enum": …}}}</c>, optionally with <c>"required": ["p"]</c>, an object schema
/// <c>not</c> supports, or an <c>anyOf</c> of these (¬if is then the conjunction of the negated branches).
/// </summary>
internal sealed partial class SchemaTranslator
{
    /// <summary>The branches for <paramref name="node"/>'s <c>if</c>, or null when it has no <c>then</c>/<c>else</c> (no effect).</summary>
    private IReadOnlyList<IReadOnlyList<SchemaNode>>? ConditionalBranches(SchemaNode node)
    {
        bool hasThen = node.TryGet("then", out _), hasElse = node.TryGet("else", out _);
        if (!hasThen && !hasElse) return null;
        var condition = node.Child("if");
        if (NegatedCondition(condition) is not { } negations)
        {
            Unsupported(node, "if", "only an 'if' of a boolean, a type, one required property, a const/enum, string keywords, numeric bounds, one property's const/enum (optionally required), an object schema of type, properties and required, or an anyOf of these is supported");
            return null;
        }
        var branches = new List<IReadOnlyList<SchemaNode>> { hasThen ? [condition, node.Child("then")] : [condition] };
        branches.AddRange(negations.Select(n => (IReadOnlyList<SchemaNode>)(hasElse ? [.. n, node.Child("else")] : n)));
        return branches;
    }

    /// <summary>¬<paramref name="condition"/> as disjoint alternatives (each a list of schemas), or null when not expressible.</summary>
    private List<IReadOnlyList<SchemaNode>>? NegatedCondition(SchemaNode condition)
    {
        var element = condition.Element;
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return element.ValueKind == JsonValueKind.True ? [] : [[]];
        var keywords = SchemaKeywords(element);
        var outsideAny = new Conjunction([], false, ImmutableSortedSet<string>.Empty);
        // Forms NegationsOf writes; for string keywords only, `not` takes the string language away (and, without a
        // type, every non-string).
        if (keywords is [{ Name: "type" }]
            || ScalarValues(condition, outsideAny) is not null
            || keywords is [{ Name: "required", Value: { ValueKind: JsonValueKind.Array } names }] && names.GetArrayLength() == 1 && names[0].ValueKind == JsonValueKind.String
            || keywords.Count > 0 && StringsOnly(condition, outsideAny) is not null)
            return [[NegatedSchema(condition, condition)]];
        if (keywords is [{ Name: "anyOf", Value: { ValueKind: JsonValueKind.Array } branches }] && branches.GetArrayLength() > 0)
            return NegatedUnion(condition, branches.GetArrayLength());
        if (NegatedBounds(condition, keywords) is { } outside) return outside;
        if (DiscriminatorCondition(condition, keywords) is not var (name, values, required))
            // An object schema: the ways to fail it (they may overlap; the union is still exactly ¬if).
            return NegatedObjectBranches(condition, condition);
        // The property present with another value; when 'if' also requires it, the property absent as well.
        var otherValue = Synthetic(new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray(name),
            ["properties"] = new JsonObject { [name] = new JsonObject { ["not"] = new JsonObject { ["enum"] = new JsonArray([.. values.Select(v => JsonNode.Parse(v))]) } } },
        }, condition);
        return required ? [[otherValue], [AbsentObjectSchema(name, condition)]] : [[otherValue]];
    }

    /// <summary>
    /// ¬(A1 ∨ … ∨ An) = ¬A1 ∧ … ∧ ¬An: every choice of one alternative from each negated branch, or null when a branch
    /// cannot be negated or the product exceeds <see cref="MaxFailureTerms"/> alternatives.
    /// </summary>
    private List<IReadOnlyList<SchemaNode>>? NegatedUnion(SchemaNode condition, int count)
    {
        List<IReadOnlyList<SchemaNode>> product = [[]];
        for (int i = 0; i < count; i++)
        {
            if (NegatedCondition(condition.Child("anyOf", Index(i))) is not { } negated) return null;
            product = product.SelectMany(p => negated.Select(n => (IReadOnlyList<SchemaNode>)[.. p, .. n])).ToList();
            if (product.Count > MaxFailureTerms) return null;
        }
        return product;
    }

    /// <summary>
    /// ¬ of numeric bounds only (<c>minimum</c>, <c>maximum</c>, <c>exclusive*</c> as numbers): a non-number, or a
    /// number past one of the bounds; null for other schemas.
    /// </summary>
    private List<IReadOnlyList<SchemaNode>>? NegatedBounds(SchemaNode condition, List<JsonProperty> keywords)
    {
        if (keywords.Count == 0 || keywords.Any(k => k.Value.ValueKind != JsonValueKind.Number
                || k.Name is not ("minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum")))
            return null;
        List<IReadOnlyList<SchemaNode>> outside = [[Synthetic(new JsonObject { ["not"] = new JsonObject { ["type"] = "number" } }, condition)]];
        foreach (var bound in keywords)
        {
            string opposite = bound.Name switch
            {
                "minimum" => "exclusiveMaximum",
                "exclusiveMinimum" => "maximum",
                "maximum" => "exclusiveMinimum",
                _ => "minimum",
            };
            outside.Add([Synthetic(new JsonObject { ["type"] = "number", [opposite] = JsonNode.Parse(bound.Value.GetRawText()) }, condition)]);
        }
        return outside;
    }

    /// <summary><c>{"properties": {"p": S}}</c> (and maybe <c>"required": ["p"]</c>) where S allows a finite set of scalars.</summary>
    private (string Name, List<string> Values, bool Required)? DiscriminatorCondition(SchemaNode condition, List<JsonProperty> keywords)
    {
        if (!keywords.All(k => k.Name is "properties" or "required")
            || !condition.TryGet("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || properties.EnumerateObject().ToList() is not [var property])
            return null;
        bool required = false;
        if (condition.TryGet("required", out var names))
        {
            if (names.ValueKind != JsonValueKind.Array || names.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.String || n.GetString() != property.Name))
                return null;
            required = names.GetArrayLength() > 0;
        }
        var schema = Flatten([condition.Child("properties", property.Name)], ImmutableSortedSet<string>.Empty);
        if (schema.IsFalse || schema.Nodes.Any(n => SchemaKeywords(n.Element).Any(k => k.Name is not ("const" or "enum" or "type" or "$ref"))))
            return null;
        var types = TypesOf(schema);
        if (EnumValues(schema) is not { } listed || listed.Any(v => v[0] is '{' or '[')) return null;
        return (property.Name, listed.Where(v => (TypeOfText(v) & types) != 0).ToList(), required);
    }

    private static JsonTypes TypeOfText(string compact)
    {
        using var doc = JsonDocument.Parse(compact);
        return JsonTypeNames.Of(doc.RootElement);
    }
}
