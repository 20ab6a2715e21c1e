using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// <c>$dynamicRef</c> where its target does not depend on the dynamic scope: a target without a
/// <c>$dynamicAnchor</c> of the fragment's name is a plain <c>$ref</c>, and so is one whose name no other schema
/// resource defines. A reference the dynamic scope could redirect is refused, naming the keyword.
/// </summary>
public sealed class DynamicRefTests
{
    [Fact]
    public void A_dynamic_anchor_defined_once_resolves_as_a_plain_anchor()
    {
        var compiled = JsonSchemaCompiler.Compile("""
            {"type":"array","items":{"$dynamicRef":"#item"},"$defs":{"item":{"$dynamicAnchor":"item","type":"integer"}}}
            """);
        Assert.True(GrammarAcceptance.Accepts(compiled, "[1,2]"));
        Assert.False(GrammarAcceptance.Accepts(compiled, "[\"a\"]"));
    }

    [Fact]
    public void A_target_without_a_matching_dynamic_anchor_is_a_plain_reference()
    {
        // The other resource's $dynamicAnchor "item" is never consulted: the target bears only an $anchor.
        var compiled = JsonSchemaCompiler.Compile("""
            {"$id":"https://example.com/root","$ref":"list",
             "$defs":{"other":{"$dynamicAnchor":"item","type":"string"},
                      "list":{"$id":"list","type":"array","items":{"$dynamicRef":"#item"},"$defs":{"item":{"$anchor":"item","type":"integer"}}}}}
            """);
        Assert.True(GrammarAcceptance.Accepts(compiled, "[1]"));
        Assert.False(GrammarAcceptance.Accepts(compiled, "[\"a\"]"));
    }

    [Fact]
    public void A_reference_the_dynamic_scope_could_redirect_is_refused()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile("""
            {"$id":"https://example.com/root","$ref":"list",
             "$defs":{"other":{"$dynamicAnchor":"item","type":"string"},
                      "list":{"$id":"list","type":"array","items":{"$dynamicRef":"#item"},"$defs":{"item":{"$dynamicAnchor":"item","type":"integer"}}}}}
            """));
        Assert.Equal("$dynamicRef", e.Keyword);
        Assert.Contains("dynamic scope", e.Message);
    }
}
