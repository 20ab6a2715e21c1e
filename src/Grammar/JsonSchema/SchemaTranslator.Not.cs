using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// The forms of <c>not</c> a grammar can enforce exactly: <c>not true</c>/<c>not {}</c> (nothing), <c>not false</c>
/// (no effect), <c>not {"type": …}</c> (remove types) and <c>not {"required": [name]}</c> (the property is absent).
/// </summary>
internal sealed partial class SchemaTranslator
{
    private static readonly HashSet<string> Annotations =
        ["title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly", "$schema", "$id", "$anchor"];

    private sealed record Negations(bool Nothing, JsonTypes ExcludedTypes, IReadOnlySet<string> AbsentProperties);

    private Negations NegationsOf(Conjunction c)
    {
        bool nothing = false;
        var excluded = JsonTypes.None;
        var absent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, negated) in c.With("not"))
        {
            if (negated.ValueKind == JsonValueKind.False) continue;
            var keywords = negated.ValueKind == JsonValueKind.Object
                ? negated.EnumerateObject().Where(p => !Annotations.Contains(p.Name)).ToList()
                : [];
            if (negated.ValueKind == JsonValueKind.True || negated.ValueKind == JsonValueKind.Object && keywords.Count == 0)
                nothing = true;
            else if (keywords is [{ Name: "type" }])
                excluded |= TypesOf(new Conjunction([node.Child("not")], false, c.Consumed));
            else if (keywords is [{ Name: "required", Value: { ValueKind: JsonValueKind.Array } names }] && names.GetArrayLength() == 1
                     && names[0].ValueKind == JsonValueKind.String)
                absent.Add(names[0].GetString()!);
            else Unsupported(node, "not", "only 'not' of true, {}, false, a type, or one required property is supported");
        }
        return new Negations(nothing, excluded, absent);
    }
}
