using System.Diagnostics;
using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>Bad or hostile schemas: a clear error naming the pointer and keyword, or a result in bounded time.</summary>
public sealed class BadSchemaInputTests
{
    [Theory]
    [InlineData("{\"type\": ", "", "malformed schema JSON")]
    [InlineData("42", "", "must be an object or a boolean")]
    [InlineData("{\"$ref\": \"#/$defs/missing\"}", "$ref", "points to nothing")]
    [InlineData("{\"$ref\": \"http://example.com/other.json\"}", "$ref", "unknown reference")]
    [InlineData("{\"properties\": {\"a\": {\"not\": {\"minimum\": 3}}}}", "not", "only 'not'")]
    [InlineData("{\"type\": \"string\", \"pattern\": \"^a(?=a)a+$\"}", "pattern", "lookahead")]
    [InlineData("{\"type\": \"string\", \"pattern\": \"a+\", \"minLength\": 100000}", "pattern", "too large")]
    [InlineData("{\"type\": \"string\", \"format\": \"regex\"}", "format", "not supported")]
    [InlineData("{\"type\": \"array\", \"uniqueItems\": true}", "uniqueItems", "a few scalars")]
    [InlineData("{\"type\": 7}", "type", "must name JSON types")]
    [InlineData("{\"type\": \"integer\", \"multipleOf\": 0}", "multipleOf", "greater than 0")]
    public void Bad_schemas_fail_with_pointer_and_keyword(string schema, string keyword, string reason)
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile(schema));
        Assert.Equal(keyword, e.Keyword);
        Assert.Contains(reason, e.Message);
        Assert.StartsWith("#", e.Pointer);
    }

    [Fact]
    public void Patterns_have_search_semantics_inside_json_strings()
    {
        var grammar = JsonSchemaCompiler.Compile("{\"type\": \"string\", \"pattern\": \"b\\\\d\"}");
        Assert.True(GrammarAcceptance.Accepts(grammar, "\"a\\\"b7\\n\""));
        Assert.False(GrammarAcceptance.Accepts(grammar, "\"a b\""));
    }

    [Fact]
    public void Error_names_the_nested_pointer()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile("{\"properties\": {\"a/b\": {\"if\": {}, \"then\": {}}}}"));
        Assert.Equal("#/properties/a~1b", e.Pointer);
        Assert.Equal("if", e.Keyword);
    }

    [Fact]
    public void Lenient_mode_reports_what_it_ignored()
    {
        var result = JsonSchemaCompiler.Compile("{\"type\": \"string\", \"pattern\": \"^a(?=a)a+$\", \"maxLength\": 3}", new JsonSchemaOptions(Lenient: true));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("pattern", warning.Keyword);
        Assert.Equal("#", warning.Pointer);
    }

    [Fact]
    public void Deep_nesting_is_refused_clearly()
    {
        string schema = string.Concat(Enumerable.Repeat("{\"items\":", 300)) + "{}" + new string('}', 300);
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile(schema));
        Assert.Contains("malformed schema JSON", e.Message);
    }

    [Fact]
    public void Moderate_nesting_and_huge_enums_compile_in_bounded_time()
    {
        string nested = string.Concat(Enumerable.Repeat("{\"type\":\"array\",\"items\":", 100)) + "{\"type\":\"integer\"}" + new string('}', 100);
        var values = Enumerable.Range(0, 20000).Select(i => $"\"value-{i}\"");
        string hugeEnum = "{\"enum\":[" + string.Join(",", values) + "]}";
        var clock = Stopwatch.StartNew();
        var deep = JsonSchemaCompiler.Compile(nested);
        var big = JsonSchemaCompiler.Compile(hugeEnum);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "compile took " + clock.Elapsed);
        Assert.True(GrammarAcceptance.Accepts(deep, new string('[', 100) + "1" + new string(']', 100)));
        Assert.True(GrammarAcceptance.Accepts(big, "\"value-19999\""));
        Assert.False(GrammarAcceptance.Accepts(big, "\"value-20000\""));
    }

    [Fact]
    public void Recursive_schemas_become_recursive_rules()
    {
        const string tree = "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"},\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/node\"}}},\"required\":[\"v\"]}},\"$ref\":\"#/$defs/node\"}";
        var grammar = JsonSchemaCompiler.Compile(tree);
        Assert.True(GrammarAcceptance.Accepts(grammar, "{\"v\":1,\"kids\":[{\"v\":2},{\"v\":3,\"kids\":[]}]}"));
        Assert.False(GrammarAcceptance.Accepts(grammar, "{\"v\":1,\"kids\":[{\"kids\":[]}]}"));
    }

    [Fact]
    public void Strings_count_code_points_and_use_canonical_escapes()
    {
        var grammar = JsonSchemaCompiler.Compile("{\"type\":\"string\",\"minLength\":2,\"maxLength\":2}");
        Assert.True(GrammarAcceptance.Accepts(grammar, "\"😀é\""));
        Assert.True(GrammarAcceptance.Accepts(grammar, "\"\\n\\\"\""));
        Assert.False(GrammarAcceptance.Accepts(grammar, "\"a\""));
        Assert.False(GrammarAcceptance.Accepts(grammar, "\"\\u0061b\""));
        Assert.Equal("\"a\\u0001\\n\"", JsonStringGrammar.Quote("a\u0001\n"));
    }
}
