using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// Keywords beside <c>$ref</c>: from draft 2019-09 on (and when the root names no dialect) they apply together with
/// the target; in drafts 4, 6 and 7, which the root's <c>$schema</c> names, the <c>$ref</c> object is its target alone.
/// </summary>
public sealed class RefDialectTests
{
    private const string Definitions = """
        "properties":{"p":{"$ref":"#/$defs/point","type":"string"}},
        "$defs":{"point":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}}
        """;

    [Theory]
    [InlineData("http://json-schema.org/draft-04/schema#")]
    [InlineData("http://json-schema.org/draft-06/schema#")]
    [InlineData("http://json-schema.org/draft-07/schema")]
    public void Drafts_4_to_7_ignore_the_keywords_beside_a_ref(string dialect)
    {
        string schema = $$"""{"$schema":"{{dialect}}",{{Definitions}}}""";
        Assert.True(GrammarAcceptance.Accepts(schema, """{"p":{"x":1}}"""));
        Assert.False(GrammarAcceptance.Accepts(schema, """{"p":"text"}"""));
    }

    [Theory]
    [InlineData("""{"$schema":"https://json-schema.org/draft/2020-12/schema",""")]
    [InlineData("{")]
    public void Later_drafts_apply_the_keywords_beside_a_ref_too(string start)
    {
        // An object is not a string, and a string has no x: nothing fits both.
        string schema = start + Definitions + "}";
        Assert.False(GrammarAcceptance.Accepts(schema, """{"p":{"x":1}}"""));
        Assert.False(GrammarAcceptance.Accepts(schema, """{"p":"text"}"""));
        Assert.True(GrammarAcceptance.Accepts(schema, """{}"""));
    }

    [Fact]
    public void Draft_4_plain_name_ids_are_anchors()
    {
        string schema = """
            {"$schema":"http://json-schema.org/draft-04/schema#","type":"object",
             "properties":{"n":{"$ref":"#count"}},
             "definitions":{"count":{"id":"#count","type":"integer","minimum":0}}}
            """;
        Assert.True(GrammarAcceptance.Accepts(schema, """{"n":3}"""));
        Assert.False(GrammarAcceptance.Accepts(schema, """{"n":-1}"""));
        // In later drafts `id` is not a keyword: the reference points to nothing.
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaCompiler.Compile(schema.Replace("draft-04", "draft-07")));
        Assert.Equal("$ref", e.Keyword);
    }

    [Theory]
    [InlineData("\"$anchor\":\"count\"")]
    [InlineData("\"\\u0024anchor\":\"count\"")]
    [InlineData("\"$id\":\"https://example.com/count\"")]
    [InlineData("\"$\\u0069d\":\"https://example.com/count\"")]
    public void Anchors_and_ids_are_found_however_their_keyword_is_spelled(string declaration)
    {
        // Translation looks for identifiers only in texts that may name one: an escaped keyword must still be found.
        string target = declaration.Contains("anchor") ? "#count" : "https://example.com/count";
        string schema = "{\"type\":\"object\",\"properties\":{\"n\":{\"$ref\":\"" + target + "\"}},"
            + "\"$defs\":{\"count\":{" + declaration + ",\"type\":\"integer\",\"minimum\":0}}}";
        Assert.True(GrammarAcceptance.Accepts(schema, """{"n":3}"""));
        Assert.False(GrammarAcceptance.Accepts(schema, """{"n":-1}"""));
    }

    [Fact]
    public void Places_that_only_refer_share_the_target_rule()
    {
        // Both properties refer to one definition: fewer rules than when they refer to two copies of it (one rule per
        // referring place would make them equal), with or without a description beside the $ref. Beside a real keyword
        // the conjunction differs, and so does the rule.
        static string Schema(string properties) =>
            ("{'type':'object','properties':{" + properties + "},'$defs':{"
             + "'point':{'type':'object','properties':{'x':{'type':'integer'},'y':{'type':'integer'}}},"
             + "'copy':{'type':'object','properties':{'x':{'type':'integer'},'y':{'type':'integer'}}}}}").Replace('\'', '"');
        static int Rules(string properties) => JsonSchemaCompiler.Compile(Schema(properties)).Grammar.Rules.Count;
        int shared = Rules("'a':{'$ref':'#/$defs/point'},'b':{'$ref':'#/$defs/point'}");
        Assert.True(shared < Rules("'a':{'$ref':'#/$defs/point'},'b':{'$ref':'#/$defs/copy'}"));
        Assert.Equal(shared, Rules("'a':{'$ref':'#/$defs/point'},'b':{'$ref':'#/$defs/point','description':'b'}"));
        string narrowed = "'a':{'$ref':'#/$defs/point'},'b':{'$ref':'#/$defs/point','required':['x']}";
        Assert.True(Rules(narrowed) > shared);
        Assert.True(GrammarAcceptance.Accepts(Schema(narrowed), """{"a":{},"b":{"x":1,"y":2}}"""));
        Assert.False(GrammarAcceptance.Accepts(Schema(narrowed), """{"a":{},"b":{"y":2}}"""));
    }
}
