using System.Numerics;
using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Decides whether one concrete JSON value satisfies a schema, with JSON Schema's meaning (undeclared properties are
/// allowed unless <c>additionalProperties</c> says otherwise). Where a conjunction lists its values (<c>enum</c>,
/// <c>const</c>) the grammar is just the listed values that validate, whatever else the schema says: a
/// <c>not</c> of any form, an overlapping <c>oneOf</c>, <c>contains</c>. Patterns and formats are decided by the same
/// languages the grammar uses. The answer is null where a keyword cannot be decided here (<c>unevaluated*</c>, dynamic
/// references, an unsupported format, a number beyond exact arithmetic): the caller then translates as usual.
/// </summary>
internal sealed class ValueValidator(SchemaDocument document, bool refReplacesSiblings, Func<string, StringLanguage> patternLanguage)
{
    private static readonly string[] Undecidable = ["unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef", "disallow", "extends", "divisibleBy"];
    private readonly Dictionary<string, StringLanguage> _formats = new(StringComparer.Ordinal);
    private int _depth;

    /// <summary>True or false when decided; null when some keyword on the way cannot be.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="value">The value.</param>
    /// <param name="listed">Skip the schema's own <c>enum</c> and <c>const</c> (the caller took its values from them).</param>
    public bool? IsValid(SchemaNode schema, JsonElement value, bool listed = false)
    {
        if (schema.Element.ValueKind == JsonValueKind.True) return true;
        if (schema.Element.ValueKind == JsonValueKind.False) return false;
        if (schema.Element.ValueKind != JsonValueKind.Object || ++_depth > 256) return null;
        try
        {
            if (refReplacesSiblings && schema.TryGet("$ref", out var only)) return Reference(schema, only, value);
            bool? result = true;
            foreach (var keyword in schema.Element.EnumerateObject())
            {
                if (listed && keyword.Name is "enum" or "const") continue;
                result = And(result, Holds(schema, keyword.Name, keyword.Value, value));
                if (result == false) return false;
            }
            return result;
        }
        catch (Exception e) when (e is JsonSchemaException or Compilation.GrammarException or NotSupportedException or InvalidOperationException or FormatException)
        {
            return null;
        }
        finally
        {
            _depth--;
        }
    }

    private static bool? And(bool? a, bool? b) => a == false || b == false ? false : a is null || b is null ? null : true;

    private static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a is null || b is null ? null : false;

    private static bool? Not(bool? a) => a is null ? null : !a;

    private bool? Holds(SchemaNode s, string keyword, JsonElement arg, JsonElement value)
    {
        if (Array.IndexOf(Undecidable, keyword) >= 0) return null;
        var kind = value.ValueKind;
        return keyword switch
        {
            "$ref" => Reference(s, arg, value),
            "type" => arg.ValueKind == JsonValueKind.Array ? arg.EnumerateArray().Any(t => HasType(t.GetString(), value)) : HasType(arg.GetString(), value)
                || kind == JsonValueKind.Null && s.TryGet("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True,
            "enum" => arg.EnumerateArray().Any(e => JsonEquals(e, value)),
            "const" => JsonEquals(arg, value),
            "not" => Not(IsValid(s.Child("not"), value)),
            "allOf" => Each(s, "allOf", arg).Aggregate((bool?)true, (r, child) => And(r, IsValid(child, value))),
            "anyOf" => Each(s, "anyOf", arg).Aggregate((bool?)false, (r, child) => Or(r, IsValid(child, value))),
            "oneOf" => OneOf(Each(s, "oneOf", arg), value),
            "if" => IsValid(s.Child("if"), value) switch
            {
                true => s.TryGet("then", out _) ? IsValid(s.Child("then"), value) : true,
                false => s.TryGet("else", out _) ? IsValid(s.Child("else"), value) : true,
                null => null,
            },
            "minLength" => kind != JsonValueKind.String || Length(value) >= Count(arg),
            "maxLength" => kind != JsonValueKind.String || Length(value) <= Count(arg),
            "pattern" => kind != JsonValueKind.String || patternLanguage(arg.GetString()!).Contains(value.GetString()!),
            "format" => kind != JsonValueKind.String ? true : Format(arg.GetString()!, value.GetString()!),
            "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" => kind != JsonValueKind.Number ? true : Bound(s, keyword, arg, value),
            "multipleOf" => kind != JsonValueKind.Number ? true : MultipleOf(value, arg),
            "minItems" => kind != JsonValueKind.Array || value.GetArrayLength() >= Count(arg),
            "maxItems" => kind != JsonValueKind.Array || value.GetArrayLength() <= Count(arg),
            "uniqueItems" => kind != JsonValueKind.Array || arg.ValueKind != JsonValueKind.True || Distinct(value),
            "prefixItems" => kind != JsonValueKind.Array ? true : Items(s, "prefixItems", value),
            "items" => kind != JsonValueKind.Array ? true : arg.ValueKind == JsonValueKind.Array ? Items(s, "items", value)
                : Rest(s.Child("items"), value, s.TryGet("prefixItems", out var prefix) ? prefix.GetArrayLength() : 0),
            "additionalItems" => kind != JsonValueKind.Array || !s.TryGet("items", out var tuple) || tuple.ValueKind != JsonValueKind.Array
                ? true : Rest(s.Child("additionalItems"), value, tuple.GetArrayLength()),
            "contains" => kind != JsonValueKind.Array ? true : Contains(s, value),
            "minContains" or "maxContains" => true,
            "minProperties" => kind != JsonValueKind.Object || value.EnumerateObject().Count() >= Count(arg),
            "maxProperties" => kind != JsonValueKind.Object || value.EnumerateObject().Count() <= Count(arg),
            "required" => kind != JsonValueKind.Object || arg.EnumerateArray().All(n => value.TryGetProperty(n.GetString()!, out _)),
            "properties" => kind != JsonValueKind.Object ? true : Members(value, m => arg.TryGetProperty(m, out _) ? s.Child("properties", m) : null),
            "patternProperties" => kind != JsonValueKind.Object ? true : PatternMembers(s, arg, value),
            "additionalProperties" => kind != JsonValueKind.Object ? true : Members(value, m => Declared(s, m) ? null : s.Child("additionalProperties")),
            "propertyNames" => kind != JsonValueKind.Object ? true : value.EnumerateObject()
                .Aggregate((bool?)true, (r, m) => And(r, IsValid(s.Child("propertyNames"), JsonSerializer.SerializeToElement(m.Name)))),
            "dependentRequired" => kind != JsonValueKind.Object || arg.EnumerateObject()
                .All(d => !value.TryGetProperty(d.Name, out _) || d.Value.EnumerateArray().All(n => value.TryGetProperty(n.GetString()!, out _))),
            "dependentSchemas" or "dependencies" => kind != JsonValueKind.Object ? true : arg.EnumerateObject()
                .Where(d => value.TryGetProperty(d.Name, out _))
                .Aggregate((bool?)true, (r, d) => And(r, d.Value.ValueKind == JsonValueKind.Array
                    ? d.Value.EnumerateArray().All(n => value.TryGetProperty(n.GetString()!, out _))
                    : IsValid(s.Child(keyword, d.Name), value))),
            _ => true,
        };
    }

    private bool? Reference(SchemaNode s, JsonElement reference, JsonElement value) =>
        reference.ValueKind == JsonValueKind.String ? IsValid(document.Resolve(s, reference.GetString()!, "$ref"), value) : null;

    private static IEnumerable<SchemaNode> Each(SchemaNode s, string keyword, JsonElement list) =>
        Enumerable.Range(0, list.GetArrayLength()).Select(i => s.Child(keyword, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private bool? OneOf(IEnumerable<SchemaNode> branches, JsonElement value)
    {
        int valid = 0;
        foreach (var branch in branches)
        {
            var result = IsValid(branch, value);
            if (result is null) return null;
            if (result == true && ++valid > 1) return false;
        }
        return valid == 1;
    }

    private static bool HasType(string? type, JsonElement value) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && Number(value).IsInteger,
        _ => throw new InvalidOperationException($"unknown type {type}"),
    };

    private static int Length(JsonElement text) => text.GetString()!.EnumerateRunes().Count();

    private static long Count(JsonElement arg) =>
        arg.ValueKind == JsonValueKind.Number && arg.TryGetDouble(out double d) && d >= 0 && d == Math.Floor(d) ? (long)Math.Min(d, long.MaxValue)
            : throw new InvalidOperationException("a count must be a non-negative integer");

    private static ExactDecimal Number(JsonElement number) =>
        ExactDecimal.Parse(number.GetRawText()) ?? throw new InvalidOperationException("number out of range");

    // Draft 4 spells exclusive bounds as booleans beside minimum/maximum.
    private static bool? Bound(SchemaNode s, string keyword, JsonElement arg, JsonElement value)
    {
        if (arg.ValueKind != JsonValueKind.Number) return true;
        int order = Number(value).CompareTo(Number(arg));
        bool exclusive = keyword.StartsWith("exclusive", StringComparison.Ordinal)
            || s.TryGet(keyword == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum", out var flag) && flag.ValueKind == JsonValueKind.True;
        return keyword.EndsWith("inimum", StringComparison.Ordinal) ? (exclusive ? order > 0 : order >= 0) : (exclusive ? order < 0 : order <= 0);
    }

    private static bool MultipleOf(JsonElement value, JsonElement divisor)
    {
        var (v, m) = (Number(value), Number(divisor));
        int scale = Math.Max(v.Fraction.Length, m.Fraction.Length);
        var divisorUnits = Units(m, scale);
        return !divisorUnits.IsZero && (Units(v, scale) % divisorUnits).IsZero;
    }

    // The number times 10^scale, as an integer (scale at least its fraction's digits).
    private static BigInteger Units(ExactDecimal d, int scale) =>
        d.Integer * BigInteger.Pow(10, scale) + (d.Fraction.Length == 0 ? 0 : BigInteger.Parse(d.Fraction) * BigInteger.Pow(10, scale - d.Fraction.Length));

    private bool? Format(string name, string text)
    {
        if (!_formats.TryGetValue(name, out var language))
        {
            if (FormatGrammar.Get(name) is not { } grammar) return FormatGrammar.IsStandard(name) ? null : true;
            _formats[name] = language = StringLanguage.Of(grammar.Content);
        }
        return language.Contains(text);
    }

    // Each item against the schema at its position in the list (items past the list are not checked here).
    private bool? Items(SchemaNode s, string keyword, JsonElement array) =>
        Each(s, keyword, s.Element.GetProperty(keyword)).Zip(array.EnumerateArray())
            .Aggregate((bool?)true, (r, pair) => And(r, IsValid(pair.First, pair.Second)));

    private bool? Rest(SchemaNode schema, JsonElement array, int skip) =>
        array.EnumerateArray().Skip(skip).Aggregate((bool?)true, (r, item) => And(r, IsValid(schema, item)));

    private bool? Contains(SchemaNode s, JsonElement array)
    {
        int matches = 0;
        foreach (var item in array.EnumerateArray())
            switch (IsValid(s.Child("contains"), item))
            {
                case null: return null;
                case true: matches++; break;
            }
        long min = s.TryGet("minContains", out var lo) ? Count(lo) : 1;
        return matches >= min && (!s.TryGet("maxContains", out var hi) || matches <= Count(hi));
    }

    private bool? Members(JsonElement obj, Func<string, SchemaNode?> schemaOf) =>
        obj.EnumerateObject().Aggregate((bool?)true, (r, m) => schemaOf(m.Name) is { } schema ? And(r, IsValid(schema, m.Value)) : r);

    private bool? PatternMembers(SchemaNode s, JsonElement patterns, JsonElement obj)
    {
        bool? result = true;
        foreach (var member in obj.EnumerateObject())
            foreach (var pattern in patterns.EnumerateObject())
                if (patternLanguage(pattern.Name).Contains(member.Name))
                    result = And(result, IsValid(s.Child("patternProperties", pattern.Name), member.Value));
        return result;
    }

    private bool Declared(SchemaNode s, string name) =>
        s.TryGet("properties", out var properties) && properties.TryGetProperty(name, out _)
        || s.TryGet("patternProperties", out var patterns) && patterns.EnumerateObject().Any(p => patternLanguage(p.Name).Contains(name));

    private static bool Distinct(JsonElement array)
    {
        var items = array.EnumerateArray().ToList();
        for (int i = 0; i < items.Count; i++)
            for (int j = i + 1; j < items.Count; j++)
                if (JsonEquals(items[i], items[j])) return false;
        return true;
    }

    /// <summary>JSON equality: numbers by value, objects whatever their key order.</summary>
    public static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Number: return Number(a).Equals(Number(b));
            case JsonValueKind.String: return a.GetString() == b.GetString();
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => JsonEquals(p.First, p.Second));
            case JsonValueKind.Object:
                var members = a.EnumerateObject().ToList();
                return members.Count == b.EnumerateObject().Count()
                    && members.All(m => b.TryGetProperty(m.Name, out var other) && JsonEquals(m.Value, other));
            default: return true;
        }
    }
}
