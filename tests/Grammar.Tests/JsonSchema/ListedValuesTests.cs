using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// Where a schema lists its values (<c>enum</c>, <c>const</c>), the grammar is the listed values that validate
/// against everything else the schema says, decided per value (<c>ValueValidator</c>): keywords the grammar could not
/// express for open-ended values (<c>not</c> of any form, overlapping <c>oneOf</c>, <c>contains</c>) are fine here.
/// </summary>
public sealed class ListedValuesTests
{
    [Theory]
    [InlineData("""{"enum":[{"foo":1},{"foo":true}],"not":{"additionalProperties":{"type":"boolean"}}}""", """{"foo":1}""", """{"foo":true}""")]
    [InlineData("""{"enum":[1,3,5,15],"oneOf":[{"multipleOf":3},{"multipleOf":5}]}""", "3", "15")]
    [InlineData("""{"enum":[0.3,0.35],"multipleOf":0.1}""", "0.3", "0.35")]
    [InlineData("""{"enum":[[1,"a"],[1,2]],"contains":{"type":"string"}}""", """[1,"a"]""", "[1,2]")]
    [InlineData("""{"enum":["ab","abc"],"not":{"pattern":"c$"}}""", "\"ab\"", "\"abc\"")]
    [InlineData("""{"enum":[{"a":1,"b":2},{"a":1}],"not":{"required":["a","b"]}}""", """{"a":1}""", """{"a":1,"b":2}""")]
    [InlineData("""{"enum":["2024-02-29","2023-02-29"],"format":"date"}""", "\"2024-02-29\"", "\"2023-02-29\"")]
    public void Each_listed_value_is_kept_exactly_when_it_validates(string schema, string kept, string dropped)
    {
        var grammar = JsonSchemaCompiler.Compile(schema);
        Assert.True(GrammarAcceptance.Accepts(grammar, kept), kept);
        Assert.False(GrammarAcceptance.Accepts(grammar, dropped), dropped);
    }

    [Fact]
    public void Listed_objects_are_written_as_listed_even_in_strict_mode()
    {
        // Strict mode closes the objects the model writes; a listed value is written whole, with its undeclared keys.
        var grammar = JsonSchemaCompiler.Compile("""{"properties":{"foo":{"type":"integer"}},"enum":[{"foo":1,"bar":2},{"foo":"x"}]}""");
        Assert.True(GrammarAcceptance.Accepts(grammar, """{"foo":1,"bar":2}"""));
        Assert.False(GrammarAcceptance.Accepts(grammar, """{"foo":"x"}"""));
    }

    [Fact]
    public void Values_the_validator_cannot_decide_are_decided_by_the_grammar_of_the_rest()
    {
        // The validator does not track annotations; the grammar with unevaluatedProperties does.
        var grammar = JsonSchemaCompiler.Compile("""{"enum":[{"a":1},{"b":2}],"properties":{"b":{}},"unevaluatedProperties":false}""");
        Assert.True(GrammarAcceptance.Accepts(grammar, """{"b":2}"""));
        Assert.False(GrammarAcceptance.Accepts(grammar, """{"a":1}"""));
    }

    [Fact]
    public void A_keyword_neither_can_decide_leaves_the_usual_refusal()
    {
        var e = Assert.Throws<JsonSchemaException>(() =>
            JsonSchemaCompiler.Compile("""{"enum":[{"a":1}],"$recursiveRef":"#"}"""));
        Assert.Equal("$recursiveRef", e.Keyword);
    }
}
