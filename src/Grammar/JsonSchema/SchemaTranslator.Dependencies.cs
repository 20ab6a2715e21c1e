using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// <c>dependencies</c> (drafts 4–7), <c>dependentRequired</c> and <c>dependentSchemas</c>: "when property p is present,
/// these properties are required / this schema holds" becomes a choice between p absent and p present with its
/// requirement. The two branches never overlap; each dependency doubles the branches, which
/// <see cref="JsonSchemaOptions.MaxExpansions"/> bounds.
/// </summary>
internal sealed partial class SchemaTranslator
{
    private static readonly string[] DependencyKeywords = ["dependencies", "dependentRequired", "dependentSchemas"];

    private static bool HasDependencies(SchemaNode node)
    {
        foreach (string keyword in DependencyKeywords)
            if (node.TryGet(keyword, out _)) return true;
        return false;
    }

    /// <summary>One choice per dependency of <paramref name="node"/>, keyed "keyword/escaped property name".</summary>
    private IEnumerable<(string Keyword, IReadOnlyList<IReadOnlyList<SchemaNode>> Branches)> DependencyChoices(SchemaNode node)
    {
        foreach (string keyword in DependencyKeywords)
        {
            if (!node.TryGet(keyword, out var dependencies)) continue;
            if (dependencies.ValueKind != JsonValueKind.Object) throw new JsonSchemaException(node.Pointer, keyword, "must be an object");
            foreach (var dependency in dependencies.EnumerateObject())
            {
                string name = dependency.Name;
                IReadOnlyList<SchemaNode> present = dependency.Value.ValueKind switch
                {
                    // Names no 'properties' declares have no schema position; they are placed dependents first
                    // (a documented limit of schema order, as for required-only names).
                    JsonValueKind.Array when keyword != "dependentSchemas" => [PresentSchema([.. RequiredNames(node, keyword, dependency.Value), name], node)],
                    JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False when keyword != "dependentRequired" =>
                        [PresentSchema([name], node), node.Child(keyword, name)],
                    _ => throw new JsonSchemaException(node.Pointer, keyword,
                        keyword == "dependentRequired" ? "values must be arrays of property names" : "values must be schemas or arrays of property names"),
                };
                yield return (keyword + "/" + name.Replace("~", "~0").Replace("/", "~1"), [[AbsentSchema(name, node)], present]);
            }
        }
    }

    private static IEnumerable<string> RequiredNames(SchemaNode node, string keyword, JsonElement names) =>
        names.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : throw new JsonSchemaException(node.Pointer, keyword, "property name lists must hold strings"));
}
