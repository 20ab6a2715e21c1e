using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// Undeclared keys under <c>patternProperties</c>: a key matching several patterns satisfies all their schemas, keys
/// matching none follow <c>additionalProperties</c> (closed in strict mode), declared names keep their own schema, and
/// <c>propertyNames</c> that constrain strings only narrow the keys.
/// </summary>
public sealed class PatternPropertiesTests
{
    private const string Schema = """
        {"type":"object","properties":{"id":{"type":"integer"}},
         "patternProperties":{"^x-":{"type":"string"},"n$":{"type":"string","maxLength":2}}}
        """;

    [Theory]
    [InlineData("{\"id\":1,\"x-a\":\"s\"}", true)]
    [InlineData("{\"x-a\":\"s\",\"bn\":\"ab\"}", true)]
    [InlineData("{\"x-n\":\"ab\"}", true)]
    [InlineData("{\"x-n\":\"abc\"}", false)]
    [InlineData("{\"x-a\":1}", false)]
    [InlineData("{\"id\":\"s\"}", false)]
    [InlineData("{\"other\":\"s\"}", false)]
    public void Strict_mode_closes_keys_matching_no_pattern(string text, bool valid) =>
        Assert.Equal(valid, Accepts(Schema, text, strict: true));

    [Theory]
    [InlineData("{\"other\":true}", true)]
    [InlineData("{\"x-n\":\"abc\"}", false)]
    [InlineData("{\"id\":\"s\"}", false)]
    public void Without_strict_mode_keys_matching_no_pattern_are_free(string text, bool valid) =>
        Assert.Equal(valid, Accepts(Schema, text, strict: false));

    [Theory]
    [InlineData("{\"other\":true}", true)]
    [InlineData("{\"other\":\"s\"}", false)]
    [InlineData("{\"x-a\":true}", false)]
    [InlineData("{\"x-a\":\"s\",\"b\":false}", true)]
    public void Keys_matching_no_pattern_follow_additional_properties(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""
            {"type":"object","patternProperties":{"^x-":{"type":"string"}},"additionalProperties":{"type":"boolean"}}
            """, text, strict: true));

    [Theory]
    [InlineData("{\"a\\\"b\":1}", true)]
    [InlineData("{\"\\n\":1}", true)]
    [InlineData("{\"ab\":1}", false)]
    public void Keys_are_matched_in_their_canonical_spelling(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"patternProperties\":{\"[\\\"\\\\n]\":{\"type\":\"integer\"}}}", text, strict: true));

    [Theory]
    [InlineData("{\"ab\":1,\"abc\":2}", true)]
    [InlineData("{\"abcd\":1}", false)]
    [InlineData("{\"b\":1}", false)]
    public void Property_names_narrow_the_pattern_keys(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"patternProperties\":{\"^a\":{}},\"propertyNames\":{\"maxLength\":3}}", text, strict: true));

    [Theory]
    [InlineData("{\"p10\":1.5}", true)]
    [InlineData("{\"p20\":1}", false)]
    public void Listed_property_names_narrow_the_pattern_keys(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"patternProperties\":{\".*\":{\"type\":\"number\"}},\"propertyNames\":{\"enum\":[\"p10\",\"p300\"]}}", text, strict: true));

    [Fact]
    public void Property_names_beyond_string_keywords_with_patterns_are_refused_with_the_keyword()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile(
            "{\"patternProperties\":{\"^a\":{}},\"propertyNames\":{\"not\":{\"pattern\":\"^ab\"}}}"));
        Assert.Equal("propertyNames", e.Keyword);
    }

    private static bool Accepts(string schema, string text, bool strict) =>
        GrammarAcceptance.Accepts(schema, text, new JsonSchemaOptions(StrictProperties: strict));
}
