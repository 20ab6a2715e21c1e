using System.Text.Json;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// A small, independent JSON Schema validator for the keywords the random property tests generate (type, enum,
/// const, properties, required, additionalProperties, items, prefixItems, min/maxItems, uniqueItems, contains with min/maxContains, min/maxLength,
/// minimum/maximum/exclusive*, integer multipleOf, min/maxProperties, anyOf, allOf, oneOf, not, if/then/else,
/// dependentRequired, dependentSchemas, booleans). JSON Schema
/// semantics: undeclared properties are allowed unless additionalProperties says otherwise.
/// </summary>
public static class ReferenceValidator
{
    public static bool IsValid(JsonElement schema, JsonElement value)
    {
        if (schema.ValueKind == JsonValueKind.True) return true;
        if (schema.ValueKind == JsonValueKind.False) return false;
        foreach (var keyword in schema.EnumerateObject())
            if (!Holds(keyword.Name, keyword.Value, schema, value)) return false;
        return true;
    }

    private static bool Holds(string keyword, JsonElement arg, JsonElement schema, JsonElement value) => keyword switch
    {
        "type" => arg.ValueKind == JsonValueKind.Array ? arg.EnumerateArray().Any(t => HasType(t.GetString()!, value)) : HasType(arg.GetString()!, value),
        "enum" => arg.EnumerateArray().Any(e => JsonEquals(e, value)),
        "const" => JsonEquals(arg, value),
        "anyOf" => arg.EnumerateArray().Any(s => IsValid(s, value)),
        "allOf" => arg.EnumerateArray().All(s => IsValid(s, value)),
        "oneOf" => arg.EnumerateArray().Count(s => IsValid(s, value)) == 1,
        "not" => !IsValid(arg, value),
        "if" => IsValid(arg, value)
            ? !schema.TryGetProperty("then", out var then) || IsValid(then, value)
            : !schema.TryGetProperty("else", out var otherwise) || IsValid(otherwise, value),
        "then" or "else" => true,
        "dependentRequired" => value.ValueKind != JsonValueKind.Object || arg.EnumerateObject()
            .All(d => !value.TryGetProperty(d.Name, out _) || d.Value.EnumerateArray().All(n => value.TryGetProperty(n.GetString()!, out _))),
        "dependentSchemas" => value.ValueKind != JsonValueKind.Object || arg.EnumerateObject()
            .All(d => !value.TryGetProperty(d.Name, out _) || IsValid(d.Value, value)),
        "minLength" => value.ValueKind != JsonValueKind.String || CodePoints(value) >= arg.GetInt32(),
        "maxLength" => value.ValueKind != JsonValueKind.String || CodePoints(value) <= arg.GetInt32(),
        "minimum" => value.ValueKind != JsonValueKind.Number || value.GetDecimal() >= arg.GetDecimal(),
        "maximum" => value.ValueKind != JsonValueKind.Number || value.GetDecimal() <= arg.GetDecimal(),
        "exclusiveMinimum" => value.ValueKind != JsonValueKind.Number || value.GetDecimal() > arg.GetDecimal(),
        "exclusiveMaximum" => value.ValueKind != JsonValueKind.Number || value.GetDecimal() < arg.GetDecimal(),
        "multipleOf" => value.ValueKind != JsonValueKind.Number || value.GetDecimal() % arg.GetDecimal() == 0,
        "minItems" => value.ValueKind != JsonValueKind.Array || value.GetArrayLength() >= arg.GetInt32(),
        "maxItems" => value.ValueKind != JsonValueKind.Array || value.GetArrayLength() <= arg.GetInt32(),
        "prefixItems" => value.ValueKind != JsonValueKind.Array
            || value.EnumerateArray().Zip(arg.EnumerateArray()).All(p => IsValid(p.Second, p.First)),
        "items" => value.ValueKind != JsonValueKind.Array
            || value.EnumerateArray().Skip(schema.TryGetProperty("prefixItems", out var p) ? p.GetArrayLength() : 0).All(v => IsValid(arg, v)),
        "uniqueItems" => value.ValueKind != JsonValueKind.Array || arg.ValueKind != JsonValueKind.True
            || value.EnumerateArray().Select((v, i) => value.EnumerateArray().Skip(i + 1).All(w => !JsonEquals(v, w))).All(unique => unique),
        "contains" => value.ValueKind != JsonValueKind.Array || ContainsCountHolds(arg, schema, value),
        "minContains" or "maxContains" => true,
        "minProperties" => value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Count() >= arg.GetInt32(),
        "maxProperties" => value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Count() <= arg.GetInt32(),
        "required" => value.ValueKind != JsonValueKind.Object || arg.EnumerateArray().All(n => value.TryGetProperty(n.GetString()!, out _)),
        "properties" => value.ValueKind != JsonValueKind.Object
            || value.EnumerateObject().All(m => !arg.TryGetProperty(m.Name, out var s) || IsValid(s, m.Value)),
        "additionalProperties" => value.ValueKind != JsonValueKind.Object
            || value.EnumerateObject().All(m => schema.TryGetProperty("properties", out var ps) && ps.TryGetProperty(m.Name, out _) || IsValid(arg, m.Value)),
        _ => throw new NotSupportedException("reference validator: keyword " + keyword),
    };

    private static bool ContainsCountHolds(JsonElement contains, JsonElement schema, JsonElement array)
    {
        int matches = array.EnumerateArray().Count(item => IsValid(contains, item));
        return matches >= (schema.TryGetProperty("minContains", out var min) ? min.GetInt32() : 1)
            && (!schema.TryGetProperty("maxContains", out var max) || matches <= max.GetInt32());
    }

    private static bool HasType(string type, JsonElement value) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.GetDecimal() % 1 == 0,
        _ => throw new NotSupportedException("type " + type),
    };

    private static int CodePoints(JsonElement s) => s.GetString()!.EnumerateRunes().Count();

    private static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number) return a.GetDecimal() == b.GetDecimal();
        if (a.ValueKind != b.ValueKind && !(a.ValueKind is JsonValueKind.True or JsonValueKind.False && b.ValueKind == a.ValueKind)) return false;
        return a.ValueKind switch
        {
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.Array => a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => JsonEquals(p.First, p.Second)),
            JsonValueKind.Object => a.EnumerateObject().Count() == b.EnumerateObject().Count()
                && a.EnumerateObject().All(m => b.TryGetProperty(m.Name, out var v) && JsonEquals(m.Value, v)),
            _ => true,
        };
    }
}
