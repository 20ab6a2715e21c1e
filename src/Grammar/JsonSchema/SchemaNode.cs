using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>A (sub)schema: its JSON, its location (a document-absolute JSON pointer, which is its identity) and base URI.</summary>
internal readonly record struct SchemaNode(JsonElement Element, string Pointer, Uri Base)
{
    public bool IsObject => Element.ValueKind == JsonValueKind.Object;

    public bool TryGet(string keyword, out JsonElement value)
    {
        value = default;
        return IsObject && Element.TryGetProperty(keyword, out value);
    }

    /// <summary>The subschema at <paramref name="segments"/> below this one (base URI follows nested <c>$id</c>s).</summary>
    public SchemaNode Child(params string[] segments)
    {
        var node = this;
        foreach (string segment in segments)
        {
            var element = node.Element.ValueKind == JsonValueKind.Array
                ? node.Element[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]
                : node.Element.GetProperty(segment);
            string pointer = node.Pointer + "/" + segment.Replace("~", "~0").Replace("/", "~1");
            node = new SchemaNode(element, pointer, BaseOf(element, node.Base));
        }
        return node;
    }

    /// <summary>The base URI of a schema object: its own <c>$id</c> resolved against the enclosing base.</summary>
    public static Uri BaseOf(JsonElement element, Uri enclosing)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$id", out var id)
            && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text && text[0] != '#'
            && Uri.TryCreate(enclosing, text, out var resolved))
            return WithoutFragment(resolved);
        return enclosing;
    }

    public static Uri WithoutFragment(Uri uri) =>
        uri.Fragment.Length == 0 ? uri : new Uri(uri.GetLeftPart(UriPartial.Query));
}
