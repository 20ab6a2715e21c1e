using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>A (sub)schema: its JSON, its location (a document-absolute JSON pointer, which is its identity) and base URI.</summary>
internal readonly record struct SchemaNode(JsonElement Element, string Pointer, Uri Base)
{
    // Its keywords, read on the first look-up and shared by copies of the node: translating a schema looks up about 400
    // keywords, most of them absent, and each look-up in the JSON scanned every member's name.
    private readonly Keywords _keywords = new();

    public bool IsObject => Element.ValueKind == JsonValueKind.Object;

    public bool TryGet(string keyword, out JsonElement value)
    {
        value = default;
        return IsObject && _keywords.TryGet(Element, keyword, out value);
    }

    /// <summary>Nodes are equal when their JSON, location and base are (however many times each was made).</summary>
    public bool Equals(SchemaNode other) =>
        EqualityComparer<JsonElement>.Default.Equals(Element, other.Element) && Pointer == other.Pointer && Base == other.Base;

    public override int GetHashCode() => HashCode.Combine(Element, Pointer, Base);

    private sealed class Keywords
    {
        private (string Name, JsonElement Value)[]? _members;

        public bool TryGet(JsonElement element, string keyword, out JsonElement value)
        {
            _members ??= Members(element);
            // The last member of a name wins, as in JsonElement.TryGetProperty.
            for (int i = _members.Length - 1; i >= 0; i--)
                if (_members[i].Name == keyword)
                {
                    value = _members[i].Value;
                    return true;
                }
            value = default;
            return false;
        }

        private static (string Name, JsonElement Value)[] Members(JsonElement element)
        {
            var members = new (string Name, JsonElement Value)[element.GetPropertyCount()];
            int i = 0;
            foreach (var member in element.EnumerateObject()) members[i++] = (member.Name, member.Value);
            return members;
        }
    }

    /// <summary>The subschema at <paramref name="segments"/> below this one (its base URI follows its own <c>$id</c>).
    /// The segments before the last name a keyword's map or list of schemas, which is not a schema: it has no
    /// <c>$id</c> of its own.</summary>
    public SchemaNode Child(params string[] segments)
    {
        var element = Element;
        string pointer = Pointer;
        foreach (string segment in segments)
        {
            element = element.ValueKind == JsonValueKind.Array
                ? element[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]
                : element.GetProperty(segment);
            pointer = pointer + "/" + segment.Replace("~", "~0").Replace("/", "~1");
        }
        return new SchemaNode(element, pointer, BaseOf(element, Base));
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
