using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.RegularExpressions;
using LlmLang.Grammar.Vocabulary;
using LlmLang.TestSupport;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// Spot checks on a real 100k vocabulary: while force-decoding a text, the mask at several steps equals a brute-force
/// <c>Accept</c> of every one of the ~100k ids (recursive JSON grammar, a JSON-schema grammar, a regex), and at every
/// step of string-heavy JSON (the entries that start from a walk shared across string bodies) and of strings searched
/// for unanchored patterns (the entries that start from a closed set's shared walk), and of numbers nested in arrays
/// (a number ends its rule over frames the entry's own walk pushed), of arrays of distinct strings (closing quotes
/// decided by the real stack), of strings whose long length limits the parser frame counts, and of objects whose
/// members are a chain of tail calls, and of a long maxLength string beside a free-keys object, and of JSON with
/// whitespace between its tokens (the automaton counts it); the string-heavy ones and the whitespace also with every
/// entry computed on first use.
/// </summary>
public class Cl100kMaskTests
{
    private static readonly Lazy<TokenVocabulary> Cl100k = new(() =>
        TokenVocabulary.LoadBase64Lines(SharedFixtures.Require("peers/xgrammar/vocab/cl100k.b64")));

    public static TheoryData<string, string> Cases => new()
    {
        { "gbnf-json", "{\"list\":[1,-2.5e3,true,null,{\"k\":\"é中\\n\"}],\"s\":\"x y\"}" },
        { "schema", "{\"name\":\"Ann\",\"age\":42,\"tags\":[\"a\",\"b\"],\"kind\":\"admin\"}" },
        { "pretty", "{\n  \"name\": \"Ann\",\n  \"age\": 42 ,\n  \"tags\": [ \"a\",\t\"b\" ],\n\t\"kind\":    \"admin\"\n}" },
        { "regex", "2024-05-17T09:30:00Z ok" },
        { "strings", "{\"a\":\"héllo wörld \\\"q\\\" 中文 ok\",\"b\":\"abc def\",\"c\":\"\",\"d\":\"x\"}" },
        { "nested", "[[1,22,{\"a\":[333,4]}],[5,[66,[7]],80],9]" },
        { "search", "{\"id\":\"file f-f-12 \\\"é\",\"level\":\"see CONFIDENTIAL:7 \\n é CLASS\"}" },
        { "distinct", "{\"tags\":[\"alpha\",\"beta\",\"alphabet\",\"al\"],\"modes\":[\"read\",\"write\",\"re\"]}" },
        { "counted", "{\"email\":\"john.doe@example.com\",\"words\":\"two words\"}" },
        { "chain", "{\"p1\":{\"name\":\"ab-c1\",\"size\":12},\"p7\":{\"on\":true},\"flag\":false}" },
        { "long", "{\"note\":\"a b\",\"title\":\"The quick brown fox jumps over the lazy dog, again and again, until the very end of it!\",\"meta\":{\"k\":\"v\",\"é\":1}}" },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MasksEqualBruteForceOverTheWholeVocabulary(string kind, string text) => CheckMasks(kind, text, CompileLimits.Default);

    // With nothing filled while compiling, every entry is computed by the mask that first needs it: string bodies'
    // first states take the loop's entry, a long maxLength reads the plain string's shared walk.
    [SkippableTheory]
    [InlineData("strings")]
    [InlineData("counted")]
    [InlineData("long")]
    [InlineData("pretty")]
    public void MasksComputedOnFirstUseEqualBruteForce(string kind) =>
        CheckMasks(kind, Cases.Single(row => (string)row[0] == kind)[1].ToString()!, new CompileLimits(MaskPrecomputeBudget: TimeSpan.Zero));

    private static void CheckMasks(string kind, string text, CompileLimits limits)
    {
        var vocabulary = Cl100k.Value;
        var definition = kind switch
        {
            "gbnf-json" or "nested" => GbnfGrammar.Parse(GbnfGrammar.Json),
            "schema" or "pretty" => JsonSchemaCompiler.Compile("""
                {"type":"object","properties":{"name":{"type":"string","maxLength":20},"age":{"type":"integer","minimum":0},
                 "tags":{"type":"array","items":{"type":"string"}},"kind":{"enum":["admin","user"]}},
                 "required":["name","kind"],"additionalProperties":false}
                """, kind is "pretty" ? new JsonSchemaOptions(Whitespace: JsonWhitespace.Flexible) : null).Grammar,
            "search" => JsonSchemaCompiler.Compile("""
                {"type":"object","properties":{"id":{"type":"string","pattern":"f-[0-9]+"},
                 "level":{"type":"string","pattern":"srn:data/Class:RESTRICTED|CLASSIFIED|CONFIDENTIAL:[0-9]*"}},
                 "required":["id","level"],"additionalProperties":false}
                """).Grammar,
            "distinct" => JsonSchemaCompiler.Compile("""
                {"type":"object","properties":{"tags":{"type":"array","uniqueItems":true,"items":{"type":"string"}},
                 "modes":{"type":"array","uniqueItems":true,"items":{"enum":["read","write","re","r","w","x","rw","rx","wx","rwx"]}}},
                 "additionalProperties":false}
                """).Grammar,
            "counted" => JsonSchemaCompiler.Compile("""
                {"type":"object","properties":{"email":{"type":"string","format":"email","maxLength":1024},
                 "words":{"type":"string","pattern":"^(?:\\S+\\s+){0,49}\\S+$","maxLength":500}},"additionalProperties":false}
                """).Grammar,
            "chain" => JsonSchemaCompiler.Compile(ChainSchema()).Grammar,
            "long" => JsonSchemaCompiler.Compile("""
                {"type":"object","properties":{"note":{"type":"string"},"title":{"type":"string","maxLength":100},
                 "meta":{"type":"object","additionalProperties":true}},"required":["note","title","meta"],"additionalProperties":false}
                """).Grammar,
            "strings" => JsonSchemaCompiler.Compile("""
                {"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string","pattern":"^[a-z ]+$"},
                 "c":{"type":"string"},"d":{"type":"string","minLength":1}},"additionalProperties":false}
                """).Grammar,
            _ => GrammarDefinition.FromExpr(RegexGrammar.Parse("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ( ok| failed)")),
        };
        var grammar = GrammarCompiler.Compile(definition, vocabulary, limits);
        if (kind is "chain")
            Assert.Contains(grammar.Automaton.CallTarget, target => grammar.Automaton.OnlyReturns[target]);
        var matcher = grammar.CreateMatcher();
        var mask = new uint[grammar.MaskWords];
        var bytes = Encoding.UTF8.GetBytes(text);
        int step = 0;
        for (int at = 0; ; step++)
        {
            matcher.FillNextTokenMask(mask);
            if (kind is "strings" or "search" or "nested" or "distinct" or "counted" or "chain" or "long" or "pretty" || step % 4 == 0 || at == bytes.Length) AssertBruteForce(matcher, mask, $"{kind} step {step}");
            if (at == bytes.Length) break;
            int token = MatcherDifferentialTests.LongestToken(vocabulary, bytes.AsSpan(at));
            Assert.True(MatcherDifferentialTests.IsSet(mask, token), $"{kind}: token at byte {at} not allowed");
            Assert.True(matcher.Accept(token));
            at += vocabulary.GetBytes(token).Length;
        }
        Assert.True(matcher.CanTerminate);
        Assert.True(step >= 5, $"{kind}: only {step} tokens");
    }

    // Thirty optional properties sharing one definition, in schema order: large enough that the member rules are called,
    // each ending in a tail call to the next (entries there read on into the frame below the chain).
    private static string ChainSchema()
    {
        var properties = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"p{i}\":{{\"$ref\":\"#/$defs/item\"}}"));
        const string item = """
            {"type":"object","properties":{"name":{"type":"string","pattern":"^[a-z]+(-[a-z0-9]+){0,6}$"},
             "size":{"type":"integer","minimum":1,"maximum":5000},"on":{"type":"boolean"}},"additionalProperties":false}
            """;
        return "{\"type\":\"object\",\"$defs\":{\"item\":" + item + "},\"properties\":{" + properties
            + ",\"flag\":{\"type\":\"boolean\"}},\"additionalProperties\":false}";
    }

    private static void AssertBruteForce(LlmLang.Grammar.Matching.GrammarMatcher matcher, uint[] mask, string context)
    {
        int allowed = 0;
        for (int t = 0; t < matcher.Grammar.Vocabulary.Count; t++)
        {
            bool accepts = matcher.Copy().Accept(t);
            Assert.True(accepts == MatcherDifferentialTests.IsSet(mask, t), $"{context}: token {t} mask {!accepts} Accept {accepts}");
            if (accepts) allowed++;
        }
        Assert.True(allowed > 0, $"{context}: nothing allowed");
    }
}
