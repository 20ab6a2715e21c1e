using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Schemas the translator writes itself when it rewrites a keyword into a choice (a property absent or present, a
/// negated <c>if</c>). A synthetic schema is identified by its JSON text, so equal rewrites share one rule.
/// </summary>
internal sealed partial class SchemaTranslator
{
    private readonly Dictionary<string, JsonElement> _synthetic = new(StringComparer.Ordinal);

    /// <summary>The schema <paramref name="json"/>, whose <c>$ref</c>s resolve against <paramref name="scope"/>'s base URI.</summary>
    private SchemaNode Synthetic(JsonNode json, SchemaNode scope)
    {
        string text = json.ToJsonString();
        if (!_synthetic.TryGetValue(text, out var element)) _synthetic[text] = element = JsonDocument.Parse(text).RootElement.Clone();
        // The base is part of the identity: the same text may hold a relative $ref under two different $ids.
        return new SchemaNode(element, $"#({text}@{scope.Base})", scope.Base);
    }

    /// <summary>Any object.</summary>
    private SchemaNode ObjectSchema(SchemaNode scope) => Synthetic(new JsonObject { ["type"] = "object" }, scope);

    /// <summary>Objects having all of <paramref name="names"/> (non-objects excluded).</summary>
    private SchemaNode PresentSchema(IEnumerable<string> names, SchemaNode scope) =>
        Synthetic(new JsonObject { ["type"] = "object", ["required"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]) }, scope);

    /// <summary>Any value but an object having <paramref name="name"/>.</summary>
    private SchemaNode AbsentSchema(string name, SchemaNode scope) =>
        Synthetic(new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray(name) } }, scope);

    /// <summary>Objects without <paramref name="name"/> (non-objects excluded).</summary>
    private SchemaNode AbsentObjectSchema(string name, SchemaNode scope) =>
        Synthetic(new JsonObject { ["type"] = "object", ["not"] = new JsonObject { ["required"] = new JsonArray(name) } }, scope);
}
