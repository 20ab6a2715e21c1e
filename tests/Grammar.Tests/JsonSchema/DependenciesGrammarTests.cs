using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary><c>dependencies</c>, <c>dependentRequired</c>, <c>dependentSchemas</c>: a property absent, or present with its requirement.</summary>
public sealed class DependenciesGrammarTests
{
    private static void AssertLanguage(string schema, string[] accepted, string[] rejected)
    {
        var grammar = JsonSchemaCompiler.Compile(schema);
        foreach (string text in accepted) Assert.True(GrammarAcceptance.Accepts(grammar, text), "should accept " + text);
        foreach (string text in rejected) Assert.False(GrammarAcceptance.Accepts(grammar, text), "should reject " + text);
    }

    [Theory]
    [InlineData("dependencies")]
    [InlineData("dependentRequired")]
    public void Property_lists_require_properties_before_and_after(string keyword)
    {
        AssertLanguage("""{"properties":{"a":{},"b":{},"c":{}},"KEYWORD":{"b":["a","c"]}}""".Replace("KEYWORD", keyword),
            ["{}", """{"a":1}""", """{"a":1,"c":3}""", """{"a":1,"b":2,"c":3}"""],
            ["""{"b":2}""", """{"a":1,"b":2}""", """{"b":2,"c":3}"""]);
    }

    [Theory]
    [InlineData("dependencies")]
    [InlineData("dependentSchemas")]
    public void Schemas_apply_when_the_property_is_present(string keyword)
    {
        AssertLanguage("""{"properties":{"a":{},"b":{"type":"integer"}},"KEYWORD":{"a":{"properties":{"b":{"minimum":10}},"required":["b"]}}}""".Replace("KEYWORD", keyword),
            ["{}", """{"b":1}""", """{"a":1,"b":10}"""],
            ["""{"a":1}""", """{"a":1,"b":9}"""]);
    }

    [Fact]
    public void Dependencies_do_not_constrain_non_objects()
    {
        AssertLanguage("""{"type":["object","string"],"properties":{"a":{},"b":{}},"dependentRequired":{"a":["b"]}}""",
            ["\"s\"", """{"a":1,"b":2}"""],
            ["""{"a":1}"""]);
    }

    [Fact]
    public void Bad_dependency_values_name_the_keyword()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile("""{"dependentRequired":{"a":{"required":["b"]}}}"""));
        Assert.Equal("dependentRequired", e.Keyword);
    }
}
