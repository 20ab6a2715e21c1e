using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// Strict mode closes an object that declares properties and says nothing of undeclared ones; when one schema of the
/// object says (<c>additionalProperties</c>), that decides, even through a <c>$ref</c> wrapper or an <c>allOf</c>.
/// </summary>
public sealed class StrictPropertiesTests
{
    [Theory]
    [InlineData("{\"a\":1}", true)]
    [InlineData("{\"a\":1,\"b\":2}", false)]
    public void Declared_properties_alone_close_the_object(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""{"properties":{"a":{"type":"integer"}}}""", text));

    [Theory]
    [InlineData("{\"a\":1,\"b\":\"s\"}", true)]
    [InlineData("{\"a\":1,\"b\":2}", false)]
    [InlineData("{\"a\":\"s\"}", false)]
    public void A_ref_wrapper_keeps_the_targets_additional_properties(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""
            {"$ref":"#/$defs/x","$defs":{"x":{"properties":{"a":{"type":"integer"}},"additionalProperties":{"type":"string"}}}}
            """, text));

    [Theory]
    [InlineData("{\"a\":1}", true)]
    [InlineData("{\"a\":1,\"b\":2}", false)]
    public void A_ref_wrapper_of_a_schema_that_says_nothing_stays_closed(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""
            {"$ref":"#/$defs/x","$defs":{"x":{"properties":{"a":{"type":"integer"}}}}}
            """, text));

    [Theory]
    [InlineData("{\"a\":1}", true)]
    [InlineData("{\"a\":1,\"b\":\"s\"}", false)]
    public void Any_additional_properties_false_closes_the_object(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""
            {"allOf":[{"properties":{"a":{"type":"integer"}},"additionalProperties":{"type":"string"}},{"properties":{"a":{}},"additionalProperties":false}]}
            """, text));

    [Theory]
    [InlineData("{\"x1\":\"a\",\"x2\":\"b\"}", true)]
    [InlineData("{\"x1\":\"a\",\"y\":\"b\"}", false)]
    [InlineData("{\"x2\":\"b\"}", false)]
    public void A_schema_that_only_requires_leaves_undeclared_keys_to_the_patterns(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""
            {"allOf":[{"patternProperties":{"^x":{"type":"string"}},"additionalProperties":false},{"required":["x1"]}]}
            """, text));

    [Theory]
    [InlineData("{\"a\":1,\"b\":2}", true)]
    [InlineData("{\"c\":1}", false)]
    public void A_negated_requirement_declares_nothing(string text, bool valid) =>
        Assert.Equal(valid, Accepts("""{"type":"object","not":{"required":["c"]}}""", text));

    [SkippableFact]
    public void Lenient_objects_take_many_undeclared_members_between_optional_declared_ones()
    {
        // Eight optional properties and ten undeclared members between the first and the last: each text must have
        // one parse, or the matcher's live stacks multiply with the gaps the undeclared members could sit in.
        string schema = """{"properties":{"p0":{},"p1":{},"p2":{},"p3":{},"p4":{},"p5":{},"p6":{},"p7":{}}}""";
        var accepts = ForceDecoding.Compile(JsonSchemaCompiler.Compile(schema, new JsonSchemaOptions(StrictProperties: false)));
        string extras = string.Concat(Enumerable.Range(0, 10).Select(i => $",\"p{i} \":{i}"));
        Assert.True(accepts($"{{\"p0\":0{extras},\"p7\":7}}"));
        Assert.True(accepts($"{{\"x\":1{extras}}}"));
        Assert.False(accepts($"{{\"p7\":7{extras},\"p0\":0}}"));
    }

    private static bool Accepts(string schema, string text) =>
        GrammarAcceptance.Accepts(schema, text, new JsonSchemaOptions(StrictProperties: true));
}
