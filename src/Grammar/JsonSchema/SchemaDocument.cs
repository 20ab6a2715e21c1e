using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// A parsed schema document: resolves <c>$ref</c> (JSON pointers, <c>$id</c> resources, <c>$anchor</c>s, draft-07
/// <c>#name</c> ids and draft-04 <c>id: "#name"</c>) within the document and within the documents the caller supplies
/// by absolute URI (read when a reference first names them). Nothing is fetched: any other remote reference is an error.
/// </summary>
internal sealed class SchemaDocument : IDisposable
{
    private static readonly Uri DefaultBase = new("https://llmlang.invalid/schema.json");
    private static readonly string[] SingleSchemaKeywords =
        ["additionalProperties", "additionalItems", "items", "propertyNames", "not", "if", "then", "else", "contains",
         "unevaluatedItems", "unevaluatedProperties", "contentSchema"];
    private static readonly string[] SchemaMapKeywords = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"];
    private static readonly string[] SchemaListKeywords = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];

    private readonly JsonDocument _document;
    private readonly Dictionary<string, string> _documents = new(StringComparer.Ordinal);
    private readonly List<JsonDocument> _loaded = [];
    private readonly Dictionary<string, SchemaNode> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaNode> _anchors = new(StringComparer.Ordinal);
    // $dynamicAnchor name → the schema resources that define it.
    private readonly Dictionary<string, HashSet<string>> _dynamicAnchors = new(StringComparer.Ordinal);
    private readonly bool _draft4;

    public SchemaDocument(string json, IReadOnlyDictionary<string, string>? documents = null)
    {
        foreach (var (uri, text) in documents ?? new Dictionary<string, string>())
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var absolute))
                throw new ArgumentException($"document key '{uri}' is not an absolute URI", nameof(documents));
            _documents[SchemaNode.WithoutFragment(absolute).AbsoluteUri] = text;
        }
        try
        {
            _document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new JsonSchemaException("#", "", $"malformed schema JSON: {e.Message}");
        }
        var rootElement = _document.RootElement;
        if (rootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
            throw new JsonSchemaException("#", "", $"a schema must be an object or a boolean, not {rootElement.ValueKind}");
        Root = new SchemaNode(rootElement, "#", SchemaNode.BaseOf(rootElement, DefaultBase));
        _draft4 = Dialect is { } named && named.Contains("draft-04/");
        _resources[DefaultBase.AbsoluteUri] = Root;
        if (MayDeclareResources(json)) Index(Root);
    }

    public SchemaNode Root { get; }

    /// <summary>
    /// Whether the root's <c>$schema</c> names draft 4, 6 or 7, where <c>$ref</c> stands for its whole schema object
    /// (keywords beside it are ignored); from 2019-09 on, and when no dialect is named, they apply as well.
    /// </summary>
    public bool RefReplacesSiblings => Dialect is { } uri && (uri.Contains("draft-04/") || uri.Contains("draft-06/") || uri.Contains("draft-07/"));

    // The root's $schema, when it names one.
    private string? Dialect => Root.TryGet("$schema", out var dialect) && dialect.ValueKind == JsonValueKind.String ? dialect.GetString() : null;

    public void Dispose()
    {
        _document.Dispose();
        foreach (var loaded in _loaded) loaded.Dispose();
    }

    /// <summary>The schema a <c>$ref</c> (or similar) in <paramref name="from"/> points to.</summary>
    public SchemaNode Resolve(SchemaNode from, string reference, string keyword)
    {
        string resource, fragment;
        if (IsPlainLocalPointer(reference))
            // Most references: within the base's resource, no characters a URI escapes, so no URI to build.
            (resource, fragment) = (from.Base.AbsoluteUri, reference[1..]);
        else
        {
            if (!Uri.TryCreate(from.Base, reference, out var target))
                throw new JsonSchemaException(from.Pointer, keyword, $"'{reference}' is not a valid URI reference");
            resource = SchemaNode.WithoutFragment(target).AbsoluteUri;
            fragment = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
        }
        if (!_resources.TryGetValue(resource, out var root) && !(Load(resource) && _resources.TryGetValue(resource, out root)))
            throw new JsonSchemaException(from.Pointer, keyword,
                $"unknown reference '{reference}' (remote schemas are not fetched: pass them as documents)");
        if (fragment.Length == 0) return root;
        if (fragment[0] != '/')
            return _anchors.TryGetValue(resource + "#" + fragment, out var anchored)
                ? anchored
                : throw new JsonSchemaException(from.Pointer, keyword, $"unknown anchor in reference '{reference}'");
        var node = root;
        foreach (string raw in fragment[1..].Split('/'))
        {
            string segment = raw.Replace("~1", "/").Replace("~0", "~");
            bool exists = node.Element.ValueKind switch
            {
                JsonValueKind.Object => node.Element.TryGetProperty(segment, out _),
                JsonValueKind.Array => int.TryParse(segment, out int i) && i >= 0 && i < node.Element.GetArrayLength(),
                _ => false,
            };
            if (!exists) throw new JsonSchemaException(from.Pointer, keyword, $"reference '{reference}' points to nothing");
            node = node.Child(segment);
        }
        return node;
    }

    // "#" and then letters, digits and / _ - . ~ $ only: as a URI reference it is the base with that fragment, and
    // unescaping leaves the fragment as it is.
    private static bool IsPlainLocalPointer(string reference)
    {
        if (reference.Length == 0 || reference[0] != '#') return false;
        foreach (char c in reference.AsSpan(1))
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '.' or '~' or '$')) return false;
        return true;
    }

    /// <summary>
    /// The schema a <c>$dynamicRef</c> in <paramref name="from"/> points to, where that does not depend on the dynamic
    /// scope: its target has no <c>$dynamicAnchor</c> of the fragment's name (it is then a plain <c>$ref</c>), or
    /// only the target's own resource defines one, which any dynamic scope resolves to as well. Otherwise an error.
    /// </summary>
    public SchemaNode ResolveDynamic(SchemaNode from, string reference)
    {
        var target = Resolve(from, reference, "$dynamicRef");
        int hash = reference.IndexOf('#');
        string name = hash < 0 ? "" : Uri.UnescapeDataString(reference[(hash + 1)..]);
        if (name.Length == 0 || name[0] == '/' || !target.TryGet("$dynamicAnchor", out var anchor)
            || anchor.ValueKind != JsonValueKind.String || anchor.GetString() != name)
            return target;
        // Every document a scope could enter must be indexed before counting the resources that define the name.
        foreach (string uri in _documents.Keys.ToList()) Load(uri);
        if (_dynamicAnchors[name].Count > 1)
            throw new JsonSchemaException(from.Pointer, "$dynamicRef",
                $"'{reference}' resolves through the dynamic scope: {_dynamicAnchors[name].Count} schema resources define $dynamicAnchor '{name}'");
        return target;
    }

    // Reads the supplied document at `uri` (once) and indexes its resources and anchors.
    private bool Load(string uri)
    {
        if (!_documents.Remove(uri, out string? json)) return false;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new JsonSchemaException(uri + "#", "", $"malformed schema JSON in the document '{uri}': {e.Message}");
        }
        _loaded.Add(document);
        var root = document.RootElement;
        if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
            throw new JsonSchemaException(uri + "#", "", $"a schema must be an object or a boolean, not {root.ValueKind}");
        // Its pointers are prefixed with its URI, which keeps them apart from the main document's.
        var node = new SchemaNode(root, uri + "#", SchemaNode.BaseOf(root, new Uri(uri)));
        _resources[uri] = node;
        if (MayDeclareResources(json)) Index(node);
        return true;
    }

    // Whether the text may name an identifier or anchor at all: most schemas name none, and walking every subschema
    // for them cost a sixth of translating one. A name spelled with \u escapes is only found by the walk.
    private bool MayDeclareResources(string json) =>
        json.Contains("\"$id\"", StringComparison.Ordinal) || json.Contains("\"$anchor\"", StringComparison.Ordinal)
        || json.Contains("\"$dynamicAnchor\"", StringComparison.Ordinal) || _draft4 && json.Contains("\"id\"", StringComparison.Ordinal)
        || json.Contains("\\u", StringComparison.Ordinal);

    private void Index(SchemaNode node)
    {
        if (!node.IsObject) return;
        if (node.TryGet("$id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            string text = id.GetString()!;
            if (text.StartsWith('#')) _anchors.TryAdd(node.Base.AbsoluteUri + text, node);
            else _resources.TryAdd(node.Base.AbsoluteUri, node);
        }
        // Draft 4 spells $id as id: its plain-name form ("#name") is an anchor there.
        if (_draft4 && node.TryGet("id", out var draft4Id) && draft4Id.ValueKind == JsonValueKind.String && draft4Id.GetString() is ['#', _, ..] name)
            _anchors.TryAdd(node.Base.AbsoluteUri + name, node);
        foreach (string anchorKeyword in new[] { "$anchor", "$dynamicAnchor" })
            if (node.TryGet(anchorKeyword, out var anchor) && anchor.ValueKind == JsonValueKind.String)
                _anchors.TryAdd(node.Base.AbsoluteUri + "#" + anchor.GetString(), node);
        if (node.TryGet("$dynamicAnchor", out var dynamicAnchor) && dynamicAnchor.ValueKind == JsonValueKind.String)
        {
            if (!_dynamicAnchors.TryGetValue(dynamicAnchor.GetString()!, out var resources))
                _dynamicAnchors[dynamicAnchor.GetString()!] = resources = new(StringComparer.Ordinal);
            resources.Add(node.Base.AbsoluteUri);
        }

        foreach (string keyword in SingleSchemaKeywords)
            if (node.TryGet(keyword, out var value) && value.ValueKind == JsonValueKind.Object)
                Index(node.Child(keyword));
        foreach (string keyword in SchemaMapKeywords)
            if (node.TryGet(keyword, out var map) && map.ValueKind == JsonValueKind.Object)
                foreach (var property in map.EnumerateObject())
                    Index(node.Child(keyword, property.Name));
        foreach (string keyword in SchemaListKeywords)
            if (node.TryGet(keyword, out var list) && list.ValueKind == JsonValueKind.Array)
                for (int i = 0; i < list.GetArrayLength(); i++)
                    Index(node.Child(keyword, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
