using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary><c>uniqueItems</c> over a few scalar item values: each value at most once, in any order. (Strings are
/// checked by the parser stack instead: see <c>DistinctItemsTests</c>.)</summary>
public sealed class UniqueItemsGrammarTests
{
    [Fact]
    public void Enum_items_appear_at_most_once_in_any_order()
    {
        var grammar = JsonSchemaCompiler.Compile("""{"type":"array","uniqueItems":true,"minItems":1,"items":{"enum":["a","b","c",1]}}""");
        foreach (string text in new[] { "[\"a\"]", "[\"c\",\"a\"]", "[1,\"b\",\"a\",\"c\"]" })
            Assert.True(GrammarAcceptance.Accepts(grammar, text), text);
        foreach (string text in new[] { "[]", "[\"a\",\"a\"]", "[\"b\",1,\"b\"]", "[\"d\"]" })
            Assert.False(GrammarAcceptance.Accepts(grammar, text), text);
    }

    [Fact]
    public void Boolean_items_allow_at_most_two()
    {
        var grammar = JsonSchemaCompiler.Compile("""{"type":"array","uniqueItems":true,"items":{"type":"boolean"}}""");
        Assert.True(GrammarAcceptance.Accepts(grammar, "[false,true]"));
        Assert.False(GrammarAcceptance.Accepts(grammar, "[true,true]"));
        Assert.False(GrammarAcceptance.Accepts(grammar, "[true,false,true]"));
    }

    [Theory]
    [InlineData("""{"type":"array","uniqueItems":true,"items":{"type":"number"}}""", "strings or a few scalars")]
    [InlineData("""{"type":"array","uniqueItems":true,"items":{"enum":[1,2,3,4,5,6,7,8,9]}}""", "at most 8")]
    [InlineData("""{"type":"array","uniqueItems":true,"items":{"enum":[{"a":1},{"a":2}]}}""", "a few scalars")]
    public void Other_item_languages_are_refused(string schema, string reason)
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile(schema));
        Assert.Equal("uniqueItems", e.Keyword);
        Assert.Contains(reason, e.Message);
    }
}
