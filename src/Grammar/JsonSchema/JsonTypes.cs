using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>The JSON types a schema admits; <c>number</c> is integers plus non-integers.</summary>
[Flags]
internal enum JsonTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    String = 16,
    Integer = 32,
    NonInteger = 64,
    Number = Integer | NonInteger,
    All = Null | Boolean | Object | Array | String | Number,
}

/// <summary>Reading the <c>type</c> keyword.</summary>
internal static class JsonTypeNames
{
    public static JsonTypes Parse(string name) => name switch
    {
        "null" => JsonTypes.Null,
        "boolean" => JsonTypes.Boolean,
        "object" => JsonTypes.Object,
        "array" => JsonTypes.Array,
        "string" => JsonTypes.String,
        "integer" => JsonTypes.Integer,
        "number" => JsonTypes.Number,
        _ => JsonTypes.None,
    };

    /// <summary>The type of a JSON value (an integer-valued number is <see cref="JsonTypes.Integer"/>).</summary>
    public static JsonTypes Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => JsonTypes.Null,
        JsonValueKind.True or JsonValueKind.False => JsonTypes.Boolean,
        JsonValueKind.Object => JsonTypes.Object,
        JsonValueKind.Array => JsonTypes.Array,
        JsonValueKind.String => JsonTypes.String,
        _ => ExactDecimal.Parse(value.GetRawText()) is { IsInteger: false } ? JsonTypes.NonInteger : JsonTypes.Integer,
    };
}
