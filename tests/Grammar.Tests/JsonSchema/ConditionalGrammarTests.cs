using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary><c>if</c>/<c>then</c>/<c>else</c> as (if ∧ then) ∨ (¬if ∧ else), and the <c>not</c> forms it relies on or adds.</summary>
public sealed class ConditionalGrammarTests
{
    private static void AssertLanguage(string schema, string[] accepted, string[] rejected)
    {
        var grammar = JsonSchemaCompiler.Compile(schema);
        foreach (string text in accepted) Assert.True(GrammarAcceptance.Accepts(grammar, text), "should accept " + text);
        foreach (string text in rejected) Assert.False(GrammarAcceptance.Accepts(grammar, text), "should reject " + text);
    }

    [Fact]
    public void Discriminator_condition_selects_then_or_else()
    {
        AssertLanguage("""
            {"type":"object","properties":{"type":{"type":"string"},"n":{"type":"integer"}},
             "if":{"properties":{"type":{"const":"num"}}},"then":{"required":["n"]},"else":{"properties":{"n":false}}}
            """,
            ["""{"type":"num","n":1}""", """{"type":"other"}""", """{"n":1}"""],
            ["""{"type":"num"}""", """{"type":"other","n":1}""", "{}"]);
    }

    [Fact]
    public void An_any_of_condition_is_negated_branch_by_branch()
    {
        AssertLanguage("""
            {"type":"object","properties":{"type":{"type":"string"},"port":{"type":"integer"},"file":{"type":"string"}},
             "if":{"anyOf":[{"properties":{"type":{"const":"mysql"}}},{"properties":{"type":{"const":"pg"}}}]},
             "then":{"required":["port"]},"else":{"required":["file"]}}
            """,
            ["""{"type":"mysql","port":1}""", """{"type":"pg","port":1}""", """{"type":"x","file":"a"}""", """{"port":1}"""],
            ["""{"type":"x","port":1}""", """{"type":"pg","file":"a"}""", """{"file":"a"}"""]);
    }

    [Fact]
    public void An_object_condition_fails_in_any_of_its_ways()
    {
        AssertLanguage("""
            {"type":"object","properties":{"a":{"type":"string"},"b":{},"c":{}},
             "if":{"type":"object","required":["a"],"properties":{"a":{"enum":["x","y"]}}},"then":{"required":["b"]},"else":{"required":["c"]}}
            """,
            ["""{"a":"x","b":1}""", """{"a":"z","c":1}""", """{"c":1}"""],
            ["""{"a":"y","c":1}""", """{"a":"z","b":1}""", """{"b":1}"""]);
    }

    [Fact]
    public void Required_discriminator_sends_absent_property_to_else()
    {
        AssertLanguage("""
            {"type":"object","properties":{"k":{"enum":["a","b","c"]},"x":{}},
             "if":{"properties":{"k":{"enum":["a"]}},"required":["k"]},"then":{"required":["x"]},"else":{"properties":{"x":false}}}
            """,
            ["""{"k":"a","x":1}""", """{"k":"b"}""", "{}"],
            ["""{"k":"a"}""", """{"k":"c","x":1}""", """{"x":1}"""]);
    }

    [Fact]
    public void Type_condition_uses_the_type_negation()
    {
        AssertLanguage("""{"if":{"type":"string"},"then":{"maxLength":2},"else":{"type":"integer"}}""",
            ["\"ab\"", "7"],
            ["\"abc\"", "null", "1.5"]);
    }

    [Fact]
    public void Not_const_removes_scalars()
    {
        AssertLanguage("""{"type":["string","boolean","null"],"not":{"enum":["x",false,null]}}""",
            ["\"y\"", "\"xx\"", "\"\"", "true"],
            ["\"x\"", "false", "null"]);
        AssertLanguage("""{"enum":[1,2,3],"not":{"const":2}}""", ["1", "3"], ["2"]);
    }

    [Fact]
    public void Not_of_several_required_names_means_one_is_missing()
    {
        AssertLanguage("""{"type":"object","properties":{"a":{},"b":{},"c":{}},"not":{"allOf":[{"required":["a"]},{"required":["b"]}]}}""",
            ["{}", """{"a":1}""", """{"b":1,"c":2}"""],
            ["""{"a":1,"b":2}""", """{"a":1,"b":2,"c":3}"""]);
        AssertLanguage("""{"not":{"required":["a","b"]}}""", ["""{"a":1}"""], ["\"s\"", "1"]);
    }

    [Fact]
    public void Numeric_bounds_conditions_fail_by_a_non_number_or_a_number_past_a_bound()
    {
        // A non-number satisfies the bounds, so it takes `then` (where multipleOf does not apply).
        AssertLanguage("""{"if":{"minimum":0,"exclusiveMaximum":10},"then":{"multipleOf":2},"else":{"type":"string"}}""",
            ["0", "4", "8", "null", "\"x\""],
            ["3", "10", "-2", "12"]);
    }

    [Fact]
    public void String_conditions_fail_by_a_non_string_or_a_string_outside_their_language()
    {
        // A non-string satisfies maxLength, so it takes `then`.
        AssertLanguage("""{"if":{"maxLength":2},"then":{"const":"ab"},"else":{"pattern":"^x"}}""",
            ["\"ab\"", "\"xyz\""],
            ["\"a\"", "\"abc\"", "7", "null"]);
    }

    [Fact]
    public void Double_negation_is_the_schema_itself()
    {
        AssertLanguage("""{"not":{"not":{"type":"object","properties":{"a":{"type":"integer"}}}}}""",
            ["""{"a":1}""", "{}"],
            ["""{"a":"x"}""", "1"]);
    }

    [Theory]
    [InlineData("""{"if":{"multipleOf":5},"then":{"maximum":9}}""", "if", "only an 'if'")]
    [InlineData("""{"type":"integer","multipleOf":3,"not":{"const":6}}""", "not", "excluded numbers")]
    [InlineData("""{"type":"string","pattern":"a","maxLength":100000,"not":{"const":"a"}}""", "not", "excluded strings")]
    public void Conditions_and_negations_without_an_exact_grammar_are_refused(string schema, string keyword, string reason)
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile(schema));
        Assert.Equal(keyword, e.Keyword);
        Assert.Contains(reason, e.Message);
    }
}
