using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// <c>oneOf</c>: compiled only where exactly one branch can hold, proved in the enclosing schema's context, or enforced
/// by keeping in each branch the values that show a reason to fail the others (a required property absent, a property
/// present that the other excludes or forbids, a non-object where the other takes objects only).
/// </summary>
public sealed class OneOfGrammarTests
{
    private static void AssertLanguage(string schema, string[] accepted, string[] rejected)
    {
        var grammar = JsonSchemaCompiler.Compile(schema);
        foreach (string text in accepted) Assert.True(GrammarAcceptance.Accepts(grammar, text), "should accept " + text);
        foreach (string text in rejected) Assert.False(GrammarAcceptance.Accepts(grammar, text), "should reject " + text);
    }

    [Fact]
    public void Discriminator_properties_required_by_the_context_separate_branches()
    {
        AssertLanguage("""
            {"type":"object","required":["kind"],"properties":{"kind":{"type":"string"},"r":{"type":"number"},"w":{"type":"number"}},
             "oneOf":[{"properties":{"kind":{"const":"circle"}}},{"properties":{"kind":{"enum":["box","square"]}}}]}
            """,
            ["""{"kind":"circle","r":1}""", """{"kind":"box","w":2}"""],
            ["""{"kind":"line"}""", """{"r":1}"""]);
    }

    [Fact]
    public void Branches_requiring_properties_the_other_never_writes_are_disjoint_in_strict_mode()
    {
        AssertLanguage("""
            {"type":"object","oneOf":[{"properties":{"radius":{"type":"number"}},"required":["radius"]},
                                      {"properties":{"w":{"type":"number"},"h":{"type":"number"}},"required":["w","h"]}]}
            """,
            ["""{"radius":1}""", """{"w":1,"h":2}"""],
            ["""{"radius":1,"w":1,"h":2}""", """{}"""]);
    }

    [Fact]
    public void Branches_that_only_require_properties_exclude_each_other()
    {
        AssertLanguage("""
            {"type":"object","properties":{"a":{},"b":{},"c":{}},"oneOf":[{"required":["a"]},{"required":["b","c"]}]}
            """,
            ["""{"a":1}""", """{"a":1,"b":2}""", """{"a":1,"c":3}""", """{"b":2,"c":3}"""],
            ["""{"a":1,"b":2,"c":3}""", """{"b":2}""", """{}"""]);
    }

    [Fact]
    public void Object_only_branches_drop_the_non_objects_both_accept()
    {
        AssertLanguage("""
            {"oneOf":[{"additionalProperties":false,"properties":{"p":{"enum":["a"]}},"required":["p"]},
                      {"additionalProperties":false,"properties":{"p":{"enum":["b"]},"q":{}},"required":["p","q"]}]}
            """,
            ["""{"p":"a"}""", """{"p":"b","q":1}"""],
            ["""{"p":"b"}""", "\"text\"", "null", "1"]);
    }

    [Fact]
    public void Nested_branches_count_for_the_types_a_branch_can_have()
    {
        AssertLanguage("""{"oneOf":[{"oneOf":[{"type":"string"},{"type":"null"}]},{"type":"array","items":{"type":"string"}}]}""",
            ["\"x\"", "null", "[\"x\"]"],
            ["1"]);
    }

    [Fact]
    public void Scalar_enums_are_checked_against_the_other_branch_grammar()
    {
        AssertLanguage("""{"oneOf":[{"type":"string","pattern":"^[a-f]{3}$"},{"enum":["","none"]},{"type":"null"}]}""",
            ["\"abc\"", "\"\"", "\"none\"", "null"],
            ["\"abcd\"", "1"]);
    }

    [Fact]
    public void String_branches_whose_patterns_formats_and_lengths_share_no_text_are_disjoint()
    {
        AssertLanguage("""
            {"oneOf":[{"type":"string","pattern":"^https?://.+$"},{"type":"string","pattern":"^\\./.+$","maxLength":20},
                      {"type":"string","format":"date"},{"type":["integer","string"],"minLength":30,"pattern":"^#"}]}
            """,
            ["\"https://x\"", "\"./a/b\"", "\"2024-05-17\"", "7", "\"#" + new string('a', 29) + "\""],
            ["\"ftp://x\"", "\"./" + new string('a', 19) + "\"", "\"#short\"", "\"2024-5-17\""]);
    }

    [Fact]
    public void Overlapping_string_only_branches_keep_the_strings_exactly_one_holds()
    {
        // Unanchored patterns: a text containing both words satisfies both; a non-string satisfies every branch.
        AssertLanguage("""
            {"type":"array","items":{"oneOf":[{"pattern":"customer"},{"pattern":"maker"}]}}
            """,
            ["""["customer"]""", """["a maker"]""", """["customers","makers"]"""],
            ["""["customer maker"]""", """["other"]""", "[5]", "[null]"]);
        AssertLanguage("""
            {"oneOf":[{"type":"string"},{"type":"string","pattern":"^[a-f0-9]{4}$"}]}
            """,
            ["\"xyz\"", "\"ab123\""],
            ["\"ab12\"", "5"]);
        AssertLanguage("""
            {"oneOf":[{"type":"string","pattern":"^https?://"},{"type":"string","format":"uri"}]}
            """,
            ["\"https://a b\"", "\"mailto:a@b\""],
            ["\"https://x.org/a\"", "\"https://\"", "\"plain\""]);
    }

    [Fact]
    public void Unknown_keywords_and_non_standard_formats_do_not_stop_the_string_proofs()
    {
        AssertLanguage("""
            {"type":"string","alias":"p","oneOf":[{"maxLength":0},{"format":"html-selector","minLength":1}]}
            """,
            ["\"\"", "\"div\""],
            ["1", "null"]);
    }

    [Fact]
    public void Property_values_without_a_type_are_told_apart_as_objects()
    {
        AssertLanguage("""
            {"oneOf":[{"properties":{"to":{"type":"object","additionalProperties":false,"properties":{"path":{}}}},"required":["to"]},
                      {"properties":{"to":{"additionalProperties":false,"properties":{"path":{},"reachable":{}},"required":["reachable"]}},"required":["to"]}]}
            """,
            ["""{"to":{"path":1}}""", """{"to":{"reachable":true}}""", """{"to":{}}"""],
            ["""{"to":{"x":1}}""", "1"]);
    }

    [Fact]
    public void A_value_outside_the_other_branchs_string_schema_is_a_reason_to_fail_it()
    {
        AssertLanguage("""
            {"type":"object","properties":{"a":{},"b":{}},"oneOf":[{"properties":{"a":{"type":"string"}}},{"required":["b"]}]}
            """,
            ["""{"a":"x"}""", """{}""", """{"a":1,"b":2}"""],
            ["""{"b":1}""", """{"a":"x","b":1}""", """{"a":1}"""]);
    }

    [Fact]
    public void A_property_only_the_other_branch_declares_fails_it_with_a_value_outside_its_schema()
    {
        // {} overlaps the object branch except where "a" is there and not a boolean: those objects are what it keeps.
        AssertLanguage("""
            {"oneOf":[{"type":"object","properties":{"a":{"type":"boolean"}}},{}]}
            """,
            ["""{"a":1}""", """{"a":"s"}""", "1", "null"],
            ["""{"a":true}""", """{}""", """{"b":1}"""]);
        // The same for a property whose schema lists scalars.
        AssertLanguage("""
            {"oneOf":[{"type":"object","properties":{"k":{"enum":["x","y"]}}},{"type":["object","string"]}]}
            """,
            ["""{"k":"z"}""", "\"s\""],
            ["""{"k":"x"}""", """{}""", "1"]);
    }

    [Fact]
    public void Closed_objects_overlapping_only_when_empty_keep_the_objects_with_their_own_property()
    {
        AssertLanguage("""
            {"oneOf":[{"additionalProperties":false,"properties":{"a":{}}},{"additionalProperties":false,"properties":{"b":{}}}]}
            """,
            ["""{"a":1}""", """{"b":2}"""],
            ["""{}""", """{"a":1,"b":2}""", "\"text\"", "1"]);
    }

    [Fact]
    public void An_optional_discriminator_or_a_property_the_other_forbids_tells_branches_apart()
    {
        AssertLanguage("""
            {"oneOf":[{"type":"object","additionalProperties":false,"required":["label"],
                       "properties":{"type":{"enum":["text"]},"label":{"type":"string"},"suggestions":{"type":"array"}}},
                      {"type":"object","additionalProperties":false,"required":["label"],
                       "properties":{"type":{"enum":["number"]},"label":{"type":"string"},"min":{"type":"number"}}}]}
            """,
            ["""{"type":"text","label":"x"}""", """{"type":"number","label":"x"}""", """{"label":"x","suggestions":[]}""", """{"label":"x","min":1}"""],
            ["""{"label":"x"}""", """{"type":"text","label":"x","min":1}""", """{"label":"x","suggestions":[],"min":1}"""]);
    }

    [Fact]
    public void A_negated_requirement_of_one_branch_separates_it_from_a_branch_requiring_that_property()
    {
        AssertLanguage("""
            {"type":"object","properties":{"min":{"type":"number"},"max":{"type":"number"}},
             "oneOf":[{"required":["min"],"not":{"required":["max"]}},{"required":["max"],"not":{"required":["min"]}},{"required":["min","max"]}]}
            """,
            ["""{"min":1}""", """{"max":2}""", """{"min":1,"max":2}"""],
            ["""{}"""]);
    }

    [Fact]
    public void A_branch_is_excluded_when_every_branch_of_the_others_nested_choice_is()
    {
        AssertLanguage("""
            {"oneOf":[{"type":"object","additionalProperties":false,"properties":{"c":{}},"required":["c"]},
                      {"type":"object","oneOf":[{"additionalProperties":false,"properties":{"and":{}},"required":["and"]},
                                                {"additionalProperties":false,"properties":{"or":{}},"required":["or"]}]}]}
            """,
            ["""{"c":1}""", """{"and":1}""", """{"or":1}"""],
            ["""{"c":1,"and":1}""", """{}"""]);
    }

    [Fact]
    public void Non_objects_the_other_branch_cannot_be_stay_with_their_branch()
    {
        AssertLanguage("""
            {"oneOf":[{"type":["object","string"],"properties":{"a":{"type":"string"}}},
                      {"type":"object","required":["b"],"properties":{"a":{"type":"number"},"b":{}}}]}
            """,
            ["\"s\"", """{"a":"x"}""", """{}""", """{"a":2,"b":1}"""],
            ["""{"b":1}""", """{"a":2}""", "1"]);
    }

    [Theory]
    [InlineData("""{"oneOf":[{"type":"string","pattern":"^[a-z]+$"},{"enum":["abc"]}]}""")]
    [InlineData("""{"oneOf":[{"type":"integer"},{"type":"number"}]}""")]
    public void Overlapping_branches_are_refused(string schema)
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile(schema));
        Assert.Equal("oneOf", e.Keyword);
        Assert.Contains("may overlap", e.Message);
    }

    [Fact]
    public void A_branch_negating_a_schema_the_other_includes_is_disjoint_from_it()
    {
        // not X, or X and Y: no value is both, whatever X is.
        var grammar = JsonSchemaCompiler.Compile("""
            {"$defs":{"car":{"properties":{"kind":{"enum":["car"]}}}},
             "oneOf":[{"not":{"$ref":"#/$defs/car"}},{"allOf":[{"$ref":"#/$defs/car"},{"properties":{"wheels":{"type":"integer"}}}]}]}
            """);
        foreach (string text in new[] { "5", """{"kind":"bike"}""", """{"kind":"car","wheels":4}""", "{}" })
            Assert.True(GrammarAcceptance.Accepts(grammar, text), text);
        Assert.False(GrammarAcceptance.Accepts(grammar, """{"kind":"car","wheels":"x"}"""));
    }
}
