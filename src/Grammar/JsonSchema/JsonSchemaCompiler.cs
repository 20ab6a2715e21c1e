using System.Diagnostics;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Compiles a JSON Schema (draft 2020-12, with the common draft-07 spellings) to a grammar over its compact JSON
/// text. The grammar never accepts JSON the schema rejects: what cannot be enforced exactly is a
/// <see cref="JsonSchemaException"/>, or a warning in lenient mode.
/// </summary>
public static class JsonSchemaCompiler
{
    /// <summary>Compiles <paramref name="schemaJson"/>.</summary>
    /// <param name="schemaJson">The schema document (JSON text).</param>
    /// <param name="options">Whitespace, property order, strictness; <see cref="JsonSchemaOptions.Default"/> when null.</param>
    /// <param name="documents">
    /// Other schema documents a <c>$ref</c> may name, by absolute URI (JSON text; read only when referenced): the
    /// compiler fetches nothing, so remote references resolve only to these.
    /// </param>
    /// <exception cref="JsonSchemaException">Malformed schema, unknown <c>$ref</c>, or a keyword that cannot be enforced (not lenient).</exception>
    /// <exception cref="ArgumentException">A key of <paramref name="documents"/> is not an absolute URI.</exception>
    public static JsonSchemaCompilation Compile(string schemaJson, JsonSchemaOptions? options = null, IReadOnlyDictionary<string, string>? documents = null)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        long start = Stopwatch.GetTimestamp();
        using var document = new SchemaDocument(schemaJson, documents);
        var compilation = new SchemaTranslator(document, options ?? JsonSchemaOptions.Default).Translate();
        return compilation with { Grammar = compilation.Grammar with { BuildTime = Stopwatch.GetElapsedTime(start) } };
    }
}
