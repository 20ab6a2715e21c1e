using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// <c>not</c> of an object schema (type, properties, required) is the union of the ways to fail it: a type it does not
/// allow, a required property absent, or a declared property present with a value its schema rejects; <c>not</c> of an
/// <c>anyOf</c> is every branch negated.
/// </summary>
public sealed class NegatedObjectTests
{
    private static bool Accepts(string schema, string text) =>
        GrammarAcceptance.Accepts(schema, text, new JsonSchemaOptions(StrictProperties: false));

    [Theory]
    [InlineData("""{"bar":"x"}""", true)]
    [InlineData("""{"foo":"foo"}""", true)]
    [InlineData("""{"bar":"bar","foo":"x"}""", true)]
    [InlineData("1", true)]
    [InlineData("""{"bar":"bar"}""", false)]
    [InlineData("""{"bar":"bar","foo":"foo"}""", false)]
    public void A_value_fails_the_negated_object_in_one_of_the_ways(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""
            {"not":{"type":"object","required":["bar"],"properties":{"bar":{"enum":["bar"]},"foo":{"enum":["foo"]}}}}
            """, text));

    [Theory]
    [InlineData("""{"c":1}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""{"a":1}""", false)]
    [InlineData("""{"b":1,"c":2}""", false)]
    public void A_negated_any_of_negates_every_branch(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""
            {"type":"object","properties":{"a":{},"b":{},"c":{}},"not":{"anyOf":[{"required":["a"]},{"required":["b"]}]}}
            """, text));

    [Theory]
    [InlineData("""{"kind":"bike"}""", true)]
    [InlineData("""{"kind":"car"}""", false)]
    [InlineData("""{}""", false)]
    [InlineData("\"text\"", false)]
    public void A_negated_reference_without_a_type_leaves_only_objects_with_a_rejected_property(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""
            {"$defs":{"car":{"properties":{"kind":{"enum":["car"]}}}},"not":{"$ref":"#/$defs/car"}}
            """, text));

    [Theory]
    [InlineData("5", true)]
    [InlineData("\"s\"", true)]
    [InlineData("""{"b":1}""", true)]
    [InlineData("""{"a":1}""", false)]
    [InlineData("""{"a":1,"b":2}""", false)]
    public void A_negated_typed_required_schema_is_a_non_object_or_an_object_missing_a_name(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""
            {"$defs":{"x":{"type":"object","required":["a"]}},"properties":{"a":{},"b":{}},"not":{"$ref":"#/$defs/x"}}
            """, text));
}
