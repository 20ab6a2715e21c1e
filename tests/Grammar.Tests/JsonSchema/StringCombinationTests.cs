using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>Several string keywords on one value (patterns, a format, length limits) are intersected exactly.</summary>
public sealed class StringCombinationTests
{
    [Theory]
    [InlineData("\"ab\"", true)]
    [InlineData("\"axxb\"", true)]
    [InlineData("\"a\"", false)]
    [InlineData("\"xb\"", false)]
    [InlineData("\"ba\"", false)]
    public void Two_patterns_both_hold(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"pattern\":\"^a\",\"allOf\":[{\"pattern\":\"b$\"}]}", text));

    [Theory]
    [InlineData("\"myan\"", true)]
    [InlineData("\"xlucene.\"", true)]
    [InlineData("\"lucene.x\"", false)]
    [InlineData("\"builtin.y\"", false)]
    [InlineData("\"x\"", false)]
    [InlineData("\"xy\"", true)]
    public void A_leading_negative_lookahead_removes_the_strings_starting_so(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"pattern\":\"^(?!^lucene\\\\.|builtin\\\\.|x$).*\"}", text));

    [Theory]
    [InlineData("\"ab1\"", true)]
    [InlineData("\"a1\"", false)]
    [InlineData("\"abc\"", false)]
    public void A_leading_positive_lookahead_intersects(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"pattern\":\"^(?=.*[0-9])[a-z]{2}\"}", text));

    [Theory]
    [InlineData("\"a/b.yaml\"", true)]
    [InlineData("\"x.json!\"", true)]
    [InlineData("\"a/b.txt\"", false)]
    public void A_trailing_positive_lookahead_is_read_as_a_group(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"pattern\":\"((?:[^/]*/)*)(?=\\\\.(yaml|yml|json))\"}", text));

    [Fact]
    public void Lookaround_elsewhere_is_refused_naming_it()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile("{\"type\":\"string\",\"pattern\":\"a(?!b)c\"}"));
        Assert.Contains("lookahead", e.Message);
    }

    [Theory]
    [InlineData("\"ab\"", true)]
    [InlineData("\"abc\"", true)]
    [InlineData("\"a\"", false)]
    [InlineData("\"abcd\"", false)]
    [InlineData("\"aB\"", false)]
    public void Pattern_and_length_limits_both_hold(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"pattern\":\"^[a-z]+$\",\"minLength\":2,\"maxLength\":3}", text));

    [Theory]
    [InlineData("\"中😀\"", true)]
    [InlineData("\"\\n\\\"\"", true)]
    [InlineData("\"中😀x\"", false)]
    [InlineData("\"😀\"", false)]
    public void Lengths_count_code_points_not_escape_bytes(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"pattern\":\"[^a]\",\"minLength\":2,\"maxLength\":2}", text));

    [Theory]
    [InlineData("\"10.0.0.1\"", true)]
    [InlineData("\"10.255.3.4\"", true)]
    [InlineData("\"192.168.0.1\"", false)]
    [InlineData("\"10.0.0.256\"", false)]
    public void Pattern_and_format_both_hold(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"format\":\"ipv4\",\"pattern\":\"^10\\\\.\"}", text));

    [Theory]
    [InlineData("\"1.2.3.4\"", true)]
    [InlineData("\"10.2.3.4\"", true)]
    [InlineData("\"10.20.3.4\"", false)]
    [InlineData("\"1.2.3\"", false)]
    public void Format_and_length_limits_both_hold(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"format\":\"ipv4\",\"maxLength\":8}", text));

    [Fact]
    public void An_empty_intersection_admits_no_string()
    {
        const string schema = "{\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"^a+$\",\"maxLength\":0}}}";
        Assert.True(Accepts(schema, "{}"));
        Assert.False(Accepts(schema, "{\"a\":\"\"}"));
        Assert.False(Accepts(schema, "{\"a\":\"a\"}"));
    }

    [Fact]
    public void A_word_count_pattern_whose_subset_automaton_outgrows_its_minimal_one_combines_with_a_long_limit()
    {
        // Determinizing takes more than 4,096 subsets; the minimal automaton has 1,901 states; the 500-character limit
        // is counted by the parser frame.
        var grammar = JsonSchemaCompiler.Compile("""{"type":"string","minLength":1,"maxLength":500,"pattern":"^(?:\\S+\\s+){0,49}\\S+$"}""");
        string Words(int n) => "\"" + string.Join(' ', Enumerable.Repeat("word", n)) + "\"";
        Assert.True(GrammarAcceptance.Accepts(grammar, Words(1)));
        Assert.True(GrammarAcceptance.Accepts(grammar, Words(50)));
        Assert.False(GrammarAcceptance.Accepts(grammar, Words(51)));
        Assert.False(GrammarAcceptance.Accepts(grammar, "\" word\""));
        Assert.False(GrammarAcceptance.Accepts(grammar, "\"" + string.Join(' ', Enumerable.Repeat(new string('w', 20), 24)) + "\""));
    }

    [Fact]
    public void A_combination_beyond_the_size_limit_is_refused_with_the_keyword()
    {
        var e = Assert.Throws<JsonSchemaException>(() =>
            JsonSchemaCompiler.Compile("{\"type\":\"string\",\"pattern\":\"a+\",\"minLength\":100000}"));
        Assert.Equal("pattern", e.Keyword);
        Assert.Contains("too large", e.Message);
    }

    [Theory]
    [InlineData("\"bc\"", true)]
    [InlineData("\"\"", true)]
    [InlineData("\"abc\"", false)]
    [InlineData("5", false)]
    public void A_negated_pattern_subtracts_its_strings(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"not\":{\"pattern\":\"^a\"}}", text));

    [Theory]
    [InlineData("\"ab\"", true)]
    [InlineData("\"1a\"", true)]
    [InlineData("\"123\"", false)]
    [InlineData("\"abcdef\"", false)]
    [InlineData("null", false)]
    [InlineData("7", false)]
    public void A_negated_string_schema_without_a_type_also_removes_every_non_string(string text, bool valid) =>
        // {pattern} alone holds every non-string, so its negation holds strings only.
        Assert.Equal(valid, Accepts("{\"maxLength\":5,\"not\":{\"pattern\":\"^[0-9]+$\"}}", text));

    [Theory]
    [InlineData("\"banana\"", true)]
    [InlineData("\"apple\"", false)]
    [InlineData("3", false)]
    public void Enum_values_inside_a_negated_string_language_are_dropped(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"enum\":[\"apple\",\"banana\",3],\"not\":{\"pattern\":\"^a\"}}", text));

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("\"a\"", true)]
    [InlineData("\"ab\"", false)]
    [InlineData("\"abcd\"", false)]
    public void Excluded_literals_are_subtracted_from_a_limited_string(string text, bool valid) =>
        Assert.Equal(valid, Accepts("{\"type\":\"string\",\"maxLength\":3,\"not\":{\"enum\":[\"ab\",\"x\"]}}", text));

    private static bool Accepts(string schema, string text) => GrammarAcceptance.Accepts(schema, text);
}
