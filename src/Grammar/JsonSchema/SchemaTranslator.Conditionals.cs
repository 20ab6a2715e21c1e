using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// <c>if</c>/<c>then</c>/<c>else</c> as the choice (if ∧ then) ∨ (¬if ∧ else), exact when ¬if is written with
/// schemas the grammar enforces: <c>if</c> of a boolean, of a form <c>not</c> supports (a type, one required property,
/// a const/enum of scalars), or the discriminator shape <c>{"properties": {"p": {"const"/"enum": …}}}</c>, optionally
/// with <c>"required": ["p"]</c>.
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
            Unsupported(node, "if", "only an 'if' of a boolean, a type, one required property, a const/enum, or one property's const/enum (optionally required) is supported");
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
        if (keywords is [{ Name: "type" }]
            || keywords is [{ Name: "const" or "enum" }] && EnumValues(Flatten([condition], ImmutableSortedSet<string>.Empty)) is { } listed && listed.All(v => v[0] is not ('{' or '['))
            || keywords is [{ Name: "required", Value: { ValueKind: JsonValueKind.Array } names }] && names.GetArrayLength() == 1 && names[0].ValueKind == JsonValueKind.String)
            return [[Synthetic(new JsonObject { ["not"] = JsonNode.Parse(element.GetRawText()) }, condition)]];
        if (DiscriminatorCondition(condition, keywords) is not var (name, values, required)) return null;
        // The property present with another value; when 'if' also requires it, the property absent as well.
        var otherValue = Synthetic(new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray(name),
            ["properties"] = new JsonObject { [name] = new JsonObject { ["not"] = new JsonObject { ["enum"] = new JsonArray([.. values.Select(v => JsonNode.Parse(v))]) } } },
        }, condition);
        return required ? [[otherValue], [AbsentObjectSchema(name, condition)]] : [[otherValue]];
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
