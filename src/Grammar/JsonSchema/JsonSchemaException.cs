namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// A JSON Schema that cannot be compiled exactly: malformed, an unknown <c>$ref</c>, or a keyword the grammar
/// cannot enforce. Names the keyword and the JSON pointer of the schema that holds it.
/// </summary>
public sealed class JsonSchemaException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="pointer">JSON pointer of the (sub)schema, e.g. <c>#/properties/a</c>.</param>
    /// <param name="keyword">The offending keyword, or an empty string for a malformed document.</param>
    /// <param name="reason">What is wrong.</param>
    public JsonSchemaException(string pointer, string keyword, string reason)
        : base(keyword.Length == 0 ? $"{pointer}: {reason}" : $"{pointer}: '{keyword}': {reason}")
    {
        Pointer = pointer;
        Keyword = keyword;
        Reason = reason;
    }

    /// <summary>JSON pointer of the schema holding the keyword.</summary>
    public string Pointer { get; }

    /// <summary>The keyword (empty for a malformed document).</summary>
    public string Keyword { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }
}
