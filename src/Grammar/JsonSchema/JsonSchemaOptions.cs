namespace LlmLang.Grammar.JsonSchema;

/// <summary>Where whitespace may appear in generated JSON.</summary>
public enum JsonWhitespace
{
    /// <summary>No whitespace at all (the compact text <c>JSON.stringify</c> writes).</summary>
    Compact,

    /// <summary>Whitespace (space, tab, line feed, carriage return) between tokens, at most
    /// <see cref="JsonSchemaOptions.MaxWhitespace"/> characters in a row, also where two gaps meet (an empty object or
    /// array).</summary>
    Flexible,
}

/// <summary>
/// How a JSON Schema is turned into a grammar. Immutable and equatable, so it can be part of a compile-cache key.
/// </summary>
/// <param name="Whitespace">Compact (default) or flexible whitespace.</param>
/// <param name="MaxWhitespace">Flexible mode only: the most whitespace characters in a row, so a model cannot loop on
/// whitespace (<see cref="Ir.ByteRunExpr"/>).</param>
/// <param name="AnyPropertyOrder">
/// False (default): properties appear in schema order. True: declared properties in any order (exact only for small
/// property sets, see <see cref="MaxAnyOrderProperties"/>; larger objects fall back to schema order).
/// </param>
/// <param name="StrictProperties">
/// True (default, as XGrammar's strictMode): an object schema without <c>additionalProperties</c> or
/// <c>patternProperties</c> admits no undeclared properties (the grammar accepts a subset of what the schema allows).
/// False: JSON Schema semantics, undeclared properties take any JSON value.
/// </param>
/// <param name="Lenient">
/// False (default): a keyword that cannot be enforced exactly is a <see cref="JsonSchemaException"/>. True: it is
/// ignored and reported in <see cref="JsonSchemaCompilation.Warnings"/> (the grammar may then accept JSON the schema rejects).
/// </param>
/// <param name="MaxAnyOrderProperties">Largest object whose properties may come in any order (the grammar grows as 2^n).</param>
/// <param name="MaxExpansions">
/// Bound on schemas expanded by distributing choices (<c>anyOf</c>, <c>oneOf</c>, dependencies, <c>if</c>, <c>not</c> of
/// several required names) and on rules, against blow-up.
/// </param>
public sealed record JsonSchemaOptions(
    JsonWhitespace Whitespace = JsonWhitespace.Compact,
    int MaxWhitespace = 4,
    bool AnyPropertyOrder = false,
    bool StrictProperties = true,
    bool Lenient = false,
    int MaxAnyOrderProperties = 6,
    int MaxExpansions = 4096)
{
    /// <summary>The defaults: compact, schema order, strict properties, unsupported keywords are errors.</summary>
    public static JsonSchemaOptions Default { get; } = new();
}
