using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// Remote <c>$ref</c>s resolve only to documents the caller supplies by absolute URI; nothing is fetched.
/// </summary>
public sealed class RemoteDocumentTests
{
    private static readonly Dictionary<string, string> Documents = new()
    {
        ["https://example.com/schemas/point.json"] = """
            {"type":"object","properties":{"x":{"$ref":"#/$defs/coordinate"},"label":{"$ref":"label.json"}},"required":["x"],
             "$defs":{"coordinate":{"type":"integer","minimum":0}}}
            """,
        ["https://example.com/schemas/label.json"] = """{"type":"string","maxLength":3}""",
    };

    [Fact]
    public void A_remote_ref_resolves_to_the_supplied_document_and_its_relative_refs_to_its_neighbours()
    {
        var compiled = JsonSchemaCompiler.Compile("""{"type":"array","items":{"$ref":"https://example.com/schemas/point.json"}}""", documents: Documents);
        Assert.True(GrammarAcceptance.Accepts(compiled, """[{"x":1,"label":"abc"},{"x":0}]"""));
        Assert.False(GrammarAcceptance.Accepts(compiled, """[{"x":-1}]"""));
        Assert.False(GrammarAcceptance.Accepts(compiled, """[{"x":1,"label":"abcd"}]"""));
    }

    [Fact]
    public void A_fragment_of_a_remote_document_resolves_against_its_root()
    {
        var compiled = JsonSchemaCompiler.Compile("""{"$ref":"https://example.com/schemas/point.json#/$defs/coordinate"}""", documents: Documents);
        Assert.True(GrammarAcceptance.Accepts(compiled, "7"));
        Assert.False(GrammarAcceptance.Accepts(compiled, "-7"));
    }

    [Fact]
    public void A_reference_to_a_document_not_supplied_is_an_error_naming_it()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile("""{"$ref":"https://example.com/other.json"}""", documents: Documents));
        Assert.Equal("$ref", e.Keyword);
        Assert.Contains("https://example.com/other.json", e.Message);
    }

    [Fact]
    public void A_malformed_supplied_document_is_an_error_naming_its_uri()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile("""{"$ref":"https://example.com/bad.json"}""",
            documents: new Dictionary<string, string> { ["https://example.com/bad.json"] = "{\"type\":" }));
        Assert.Contains("https://example.com/bad.json", e.Message);
    }

    [Fact]
    public void Document_keys_must_be_absolute_uris()
    {
        Assert.Throws<ArgumentException>(() => JsonSchemaCompiler.Compile("{}", documents: new Dictionary<string, string> { ["point.json"] = "{}" }));
    }
}
