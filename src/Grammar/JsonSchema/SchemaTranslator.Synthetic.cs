using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Schemas the translator writes itself when it rewrites a keyword into a choice (a property absent or present, a
/// negated <c>if</c>). A synthetic schema is identified by its JSON text under the schema it rewrites.
/// </summary>
internal sealed partial class SchemaTranslator
{
    private readonly Dictionary<string, JsonElement> _synthetic = new(StringComparer.Ordinal);

    /// <summary>The schema <paramref name="json"/>, placed under <paramref name="scope"/> (pointer and base URI).</summary>
    private SchemaNode Synthetic(JsonNode json, SchemaNode scope)
    {
        string text = json.ToJsonString();
        if (!_synthetic.TryGetValue(text, out var element)) _synthetic[text] = element = JsonDocument.Parse(text).RootElement.Clone();
        // Under the scope's pointer, so errors name where the rewritten keyword is (and a relative $ref in the text
        // resolves against that scope's base).
        return new SchemaNode(element, $"{scope.Pointer}/({text})", scope.Base);
    }

    /// <summary>Any object.</summary>
    private SchemaNode ObjectSchema(SchemaNode scope) => Synthetic(new JsonObject { ["type"] = "object" }, scope);

    /// <summary>Objects having all of <paramref name="names"/> (non-objects excluded).</summary>
    private SchemaNode PresentSchema(IEnumerable<string> names, SchemaNode scope) =>
        Synthetic(new JsonObject { ["type"] = "object", ["required"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]) }, scope);

    /// <summary>Any value but an object having <paramref name="name"/>.</summary>
    private SchemaNode AbsentSchema(string name, SchemaNode scope) =>
        Synthetic(new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray(name) } }, scope);

    /// <summary>Whether a <c>$ref</c> appears anywhere inside a schema (such a schema is not copied into a synthetic one).</summary>
    private static bool HoldsRef(JsonElement schema) => schema.GetRawText().Contains("\"$ref\"", StringComparison.Ordinal);

    /// <summary>Any value that fails <paramref name="schema"/> (a copy of its JSON under <c>not</c>; it holds no <c>$ref</c>).</summary>
    private SchemaNode NegatedSchema(SchemaNode schema, SchemaNode scope) =>
        Synthetic(new JsonObject { ["not"] = JsonNode.Parse(schema.Element.GetRawText()) }, scope);

    /// <summary>Objects whose <paramref name="name"/> has a value that fails <paramref name="schema"/> (it holds no <c>$ref</c>).</summary>
    private SchemaNode ValueOutsideSchema(string name, SchemaNode schema, SchemaNode scope) =>
        Synthetic(new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray(name),
            ["properties"] = new JsonObject { [name] = new JsonObject { ["not"] = JsonNode.Parse(schema.Element.GetRawText()) } },
        }, scope);

    /// <summary>Objects without <paramref name="name"/> (non-objects excluded).</summary>
    private SchemaNode AbsentObjectSchema(string name, SchemaNode scope) =>
        Synthetic(new JsonObject { ["type"] = "object", ["not"] = new JsonObject { ["required"] = new JsonArray(name) } }, scope);
}
