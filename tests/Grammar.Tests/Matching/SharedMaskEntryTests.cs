using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// The token-mask cache shares one entry between states that accept the same tokens (grouped, or equivalent to a
/// string body's loop), accepts whole trie subtrees of text a counting state reads (strings with maxLength,
/// length-limited labels of formats), and lets a long count read a plain string's shared walk. Masks must still equal
/// a brute-force check of every token, right up to the end of a count, where a longer token must be refused.
/// </summary>
public class SharedMaskEntryTests
{
    private static readonly TokenVocabulary Vocabulary = CreateVocabulary();

    public static TheoryData<string, string> Cases => new()
    {
        { """{"type":"object","properties":{"s":{"type":"string","maxLength":5},"t":{"type":"string","minLength":2,"maxLength":3}},"required":["s","t"]}""", """{"s":"abcde","t":"aé"}""" },
        { """{"type":"object","properties":{"a":{"type":"string","maxLength":4},"b":{"type":"string","maxLength":4}},"required":["a","b"]}""", """{"a":"aaaa","b":"é"}""" },
        { """{"type":"string","format":"email"}""", "\"ab.c@x.com\"" },
        { """{"type":"array","items":{"type":"string","maxLength":7},"maxItems":3}""", """["aaaaaaa","ab\"","é中"]""" },
        // Longer than the longest token: the counting states far from the end share one entry, the last ones do not.
        { """{"type":"object","properties":{"s":{"type":"string","maxLength":30},"t":{"$ref":"#/$defs/u"}},"$defs":{"u":{"type":"array","items":{"type":"string","maxLength":25}}}}""",
          """{"s":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","t":["aaaaaaaaaaaaaaaaaaaaaaaaa","é"]}""" },
        // A count longer than most tokens reads the plain string's shared walk: tokens longer than what is left of it
        // (40 a's, 20 é's in 40 bytes, a quote after 36 bytes) must be refused near its end.
        { """{"type":"object","properties":{"p":{"type":"string"},"s":{"type":"string","maxLength":45}},"required":["p","s"],"additionalProperties":false}""",
          """{"p":"x","s":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""" },
        { """{"type":"object","properties":{"p":{"type":"string"},"s":{"type":"string","minLength":3,"maxLength":38}},"required":["p","s"],"additionalProperties":false}""",
          """{"p":"éé","s":"éééééééééééééééééééééééééééééééééééaa"}""" },
        // Free keys: the states after a key's opening quote and first character are equivalent to the body's loop.
        { """{"type":"object","properties":{"m":{"type":"object","additionalProperties":true}},"required":["m"]}""", """{"m":{"k":"v","aé":1,"aaaaaaaa":"é"}}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MasksEqualBruteForceWhetherPrecomputedOrNot(string schema, string text)
    {
        var grammar = JsonSchemaCompiler.Compile(schema).Grammar;
        foreach (var limits in new[] { CompileLimits.Default, new CompileLimits(MaskPrecomputeBudget: TimeSpan.Zero) })
        {
            var compiled = GrammarCompiler.Compile(grammar, Vocabulary, limits);
            MatcherDifferentialTests.ForceDecode(compiled, text, schema);
            for (int seed = 0; seed < 20; seed++) RandomWalk(compiled, new Random(seed), schema);
        }
    }

    private static void RandomWalk(CompiledGrammar grammar, Random random, string context)
    {
        var matcher = grammar.CreateMatcher();
        var mask = new uint[grammar.MaskWords];
        for (int step = 0; step < 16; step++)
        {
            matcher.FillNextTokenMask(mask);
            MatcherDifferentialTests.AssertMaskIsBruteForce(matcher, mask, context);
            var allowed = Enumerable.Range(0, grammar.Vocabulary.Count)
                .Where(t => MatcherDifferentialTests.IsSet(mask, t) && grammar.Vocabulary.IsText(t)).ToList();
            if (allowed.Count == 0) break;
            Assert.True(matcher.Accept(allowed[random.Next(allowed.Count)]));
        }
    }

    // Every byte, plus text pieces longer than the counts above, pieces with quotes and punctuation, and multi-byte
    // characters (whole and cut).
    private static TokenVocabulary CreateVocabulary() => SmallVocabulary.OfBytesAnd("shared-entry-test",
        new[] { "aa", "aaa", "aaaa", "aaaaa", "aaaaaa", "aaaaaaaa", "ab", "abc", "abcde", "é", "éa", "aé", "é中", "中中中",
                "\"a", "a\"", "aa\"", "\":\"", "\",\"", "\"}", "a\"}", "\\\"", ".c", "c@", "@x", "x.com", "a.b", "ab.c", "com\"", "\"]", "\",", "[\"",
                new string('a', 34), new string('a', 40), string.Concat(Enumerable.Repeat("é", 20)), new string('a', 36) + "\"}" }
            .Select(Encoding.UTF8.GetBytes).Append(Encoding.UTF8.GetBytes("中")[..2]));
}
