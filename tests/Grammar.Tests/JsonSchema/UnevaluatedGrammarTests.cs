using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// <c>unevaluatedProperties</c>/<c>unevaluatedItems</c> read what the schemas of their evaluation scope declare: the
/// node's own keywords, <c>allOf</c> and <c>$ref</c> targets always, and the branch of <c>anyOf</c>, <c>oneOf</c> or
/// <c>if</c>/<c>then</c>/<c>else</c> the value takes; not cousins, and nothing under <c>not</c>.
/// </summary>
public sealed class UnevaluatedGrammarTests
{
    private static readonly JsonSchemaOptions Semantics = new(StrictProperties: false);

    private static void AssertLanguage(string schema, string[] accepted, string[] rejected)
    {
        var grammar = JsonSchemaCompiler.Compile(schema, Semantics);
        foreach (string text in accepted) Assert.True(GrammarAcceptance.Accepts(grammar, text), "should accept " + text);
        foreach (string text in rejected) Assert.False(GrammarAcceptance.Accepts(grammar, text), "should reject " + text);
    }

    [Fact]
    public void Properties_declared_in_place_are_evaluated()
    {
        AssertLanguage("""{"properties":{"a":{}},"allOf":[{"properties":{"b":{}}}],"$ref":"#/$defs/c","unevaluatedProperties":false,"$defs":{"c":{"properties":{"c":{}}}}}""",
            ["{}", """{"a":1,"b":2,"c":3}"""],
            ["""{"a":1,"d":4}""", """{"d":4}"""]);
    }

    [Fact]
    public void A_schema_applies_to_the_unevaluated_members_only()
    {
        AssertLanguage("""{"properties":{"a":{}},"unevaluatedProperties":{"type":"integer"}}""",
            ["""{"a":"x","b":1}""", """{"b":1,"c":2}"""],
            ["""{"b":"x"}""", """{"a":1,"b":true}"""]);
    }

    [Fact]
    public void Cousins_do_not_evaluate_for_each_other()
    {
        AssertLanguage("""{"allOf":[{"properties":{"a":{}}},{"unevaluatedProperties":false}]}""",
            ["{}"],
            ["""{"a":1}"""]);
    }

    [Fact]
    public void The_branch_taken_evaluates_its_properties()
    {
        AssertLanguage("""{"anyOf":[{"properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"b":{"type":"string"}},"required":["b"]}],"unevaluatedProperties":false}""",
            ["""{"a":1}""", """{"b":"x"}"""],
            ["""{"a":1,"c":1}""", """{"b":"x","c":1}""", """{"c":1}"""]);
    }

    [Fact]
    public void A_failed_if_evaluates_nothing()
    {
        AssertLanguage("""{"if":{"properties":{"k":{"const":"a"}},"required":["k"]},"then":{"properties":{"x":{}}},"else":{"properties":{"y":{}}},"unevaluatedProperties":false}""",
            ["""{"k":"a","x":1}""", """{"y":1}"""],
            ["""{"k":"a","y":1}""", """{"k":"b","y":1}""", """{"k":"b","x":1}"""]);
    }

    [Fact]
    public void Nothing_under_not_is_evaluated()
    {
        AssertLanguage("""{"not":{"not":{"properties":{"a":{}}}},"unevaluatedProperties":false}""",
            ["{}"],
            ["""{"a":1}"""]);
    }

    [Fact]
    public void An_additionalProperties_in_scope_evaluates_everything()
    {
        AssertLanguage("""{"allOf":[{"additionalProperties":{"type":"integer"}}],"unevaluatedProperties":false}""",
            ["""{"a":1,"b":2}"""],
            ["""{"a":"x"}"""]);
    }

    [Fact]
    public void Items_past_every_prefix_in_scope_are_unevaluated()
    {
        AssertLanguage("""{"prefixItems":[{"type":"integer"}],"allOf":[{"prefixItems":[true,{"type":"string"}]}],"unevaluatedItems":false}""",
            ["[]", "[1]", """[1,"x"]"""],
            ["""[1,"x",3]""", """["x"]"""]);
        AssertLanguage("""{"prefixItems":[true],"unevaluatedItems":{"type":"null"}}""",
            ["[1]", "[1,null,null]"],
            ["[1,2]"]);
    }

    [Fact]
    public void Items_in_scope_evaluate_every_item()
    {
        AssertLanguage("""{"allOf":[{"items":{"type":"integer"}}],"unevaluatedItems":false}""",
            ["[]", "[1,2,3]"],
            ["""["x"]"""]);
    }
}
