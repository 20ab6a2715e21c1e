using System.Text.Json;
using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// <c>contains</c> with <c>minContains</c>/<c>maxContains</c>, and <c>not {"contains": X}</c>: the grammar accepts
/// exactly the arrays the reference validator accepts, checked on every array of up to five items drawn from a few values.
/// </summary>
public sealed class ContainsGrammarTests
{
    private static readonly string[] ItemValues = ["1", "2", "\"a\"", "null"];

    private static IEnumerable<string> AllArrays(int maxLength)
    {
        var lists = new List<List<string>> { new() };
        for (int length = 0; length <= maxLength; length++)
        {
            foreach (var list in lists) yield return "[" + string.Join(",", list) + "]";
            lists = lists.SelectMany(l => ItemValues.Select(v => new List<string>(l) { v })).ToList();
        }
    }

    [Theory]
    [InlineData("""{"type":"array","contains":{"type":"integer"}}""")]
    [InlineData("""{"contains":{"type":"integer"},"minContains":2}""")]
    [InlineData("""{"type":"array","contains":{"type":"integer"},"minContains":2,"maxContains":3}""")]
    [InlineData("""{"type":"array","contains":{"type":"string"},"maxContains":1,"minItems":3}""")]
    [InlineData("""{"type":"array","contains":{"type":"null"},"minContains":0,"maxContains":0}""")]
    [InlineData("""{"type":"array","contains":{"const":"a"},"minContains":0,"maxContains":1,"items":{"type":["string","null"]}}""")]
    [InlineData("""{"type":"array","prefixItems":[{"type":"null"},{}],"contains":{"type":"integer"},"minContains":2,"maxItems":4}""")]
    [InlineData("""{"type":"array","items":{"type":"integer"},"contains":{"minimum":2},"minItems":2,"maxItems":4}""")]
    [InlineData("""{"type":"array","contains":{"type":"null"},"minContains":3,"maxContains":2}""")]
    [InlineData("""{"type":"array","contains":{"type":"null"},"minContains":2,"maxItems":1}""")]
    [InlineData("""{"type":"array","contains":false}""")]
    [InlineData("""{"not":{"contains":{"type":"integer"}}}""")]
    [InlineData("""{"contains":{"const":1},"maxContains":1}""")]
    [InlineData("""{"type":"array","prefixItems":[{"type":"integer"}],"not":{"contains":{"const":"a"}}}""")]
    public void Acceptance_equals_reference_validator(string schema)
    {
        var grammar = JsonSchemaCompiler.Compile(schema);
        using var schemaDoc = JsonDocument.Parse(schema);
        int valid = 0;
        foreach (string text in AllArrays(5).Concat(["1", "\"a\"", "{}"]))
        {
            using var value = JsonDocument.Parse(text);
            bool expected = ReferenceValidator.IsValid(schemaDoc.RootElement, value.RootElement);
            if (expected) valid++;
            Assert.True(expected == GrammarAcceptance.Accepts(grammar, text), $"{text}: the validator says {expected}");
        }
        Assert.True(valid > 0 || schema.Contains("\"array\"", StringComparison.Ordinal), "no valid value: the check would be vacuous");
    }

    [Fact]
    public void MaxContains_whose_schema_cannot_be_negated_names_the_keyword()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile("""{"contains":{"multipleOf":3},"maxContains":1}"""));
        Assert.Equal("maxContains", e.Keyword);
        Assert.Equal("#", e.Pointer);
    }

    [Fact]
    public void Two_contains_in_one_conjunction_are_refused()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile(
            """{"allOf":[{"contains":{"type":"null"}},{"contains":{"type":"string"}}]}"""));
        Assert.Equal("contains", e.Keyword);
    }

    [Fact]
    public void Counts_beyond_the_state_bound_are_refused()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile(
            """{"contains":{"type":"null"},"minContains":100,"maxItems":1000}"""));
        Assert.Equal("contains", e.Keyword);
        var lenient = JsonSchemaCompiler.Compile("""{"contains":{"type":"null"},"minContains":100,"maxItems":1000}""", new JsonSchemaOptions(Lenient: true));
        Assert.Equal("contains", Assert.Single(lenient.Warnings).Keyword);
        Assert.True(GrammarAcceptance.Accepts(lenient, "[1]"));
    }
}
