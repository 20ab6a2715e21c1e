using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Tests.JsonSchema;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// A pattern or format with a long <c>maxLength</c> (an email of at most 1,024 characters) would need one automaton
/// state per pattern state and count. Past the string-language size limit it becomes a counted automaton instead: the
/// pattern's states once, with the characters counted by the parser frame. Cached masks ignore the count; within a
/// token's length of the limit the long tokens are checked against the real stack. Masks must equal a brute-force
/// check of every token there, and the limit must be exact.
/// </summary>
public class CountedTextTests
{
    // The longest token has 8 bytes: the last 8 characters before the limit take the checked path.
    private static readonly TokenVocabulary Vocabulary = SmallVocabulary.OfBytesAnd("counted-text",
        new[] { "aaaa", "aaaaaaaa", "a@b", "bbbbbbbb", "b\"", "é", "éé" }.Select(Encoding.UTF8.GetBytes));

    private const string Schema = """{"type":"string","pattern":"^[a-zé]+@[a-z]+$","maxLength":6000}""";

    [Fact]
    public void A_long_limit_compiles_to_the_pattern_states_and_counts_characters_exactly()
    {
        var compiled = GrammarCompiler.Compile(JsonSchemaCompiler.Compile(Schema).Grammar, Vocabulary);
        Assert.InRange(compiled.AutomatonStates, 1, 100);
        // Two-byte characters count once: 3,000 of them are 6,000 bytes but half the limit.
        string text = "\"" + new string('é', 3000) + "@" + new string('b', 2989);
        var matcher = compiled.CreateMatcher();
        Assert.True(matcher.AcceptBytes(Encoding.UTF8.GetBytes(text)));
        var mask = new uint[compiled.MaskWords];
        for (int i = 0; i < 9; i++)
        {
            matcher.FillNextTokenMask(mask);
            MatcherDifferentialTests.AssertMaskIsBruteForce(matcher, mask, $"{9 - i} characters left");
            Assert.True(matcher.AcceptBytes("b"u8));
        }
        matcher.FillNextTokenMask(mask);
        MatcherDifferentialTests.AssertMaskIsBruteForce(matcher, mask, "1 character left");
        var copy = matcher.Copy();
        Assert.True(matcher.AcceptBytes("b\""u8));
        Assert.True(matcher.CanTerminate);
        Assert.False(copy.AcceptBytes("bb"u8));
        Assert.True(copy.AcceptBytes("b"u8));
        Assert.False(copy.AcceptBytes("b"u8));
    }

    [Fact]
    public void Texts_within_the_limit_force_decode_with_exact_masks()
    {
        var compiled = GrammarCompiler.Compile(JsonSchemaCompiler.Compile(Schema).Grammar, Vocabulary);
        MatcherDifferentialTests.ForceDecode(compiled, "\"" + new string('a', 40) + "@" + new string('b', 20) + "\"", Schema);
        MatcherDifferentialTests.ForceDecode(compiled, "\"" + new string('a', 5990) + "@" + new string('b', 9) + "\"", Schema);
    }

    [Fact]
    public void The_email_format_takes_a_long_limit()
    {
        var grammar = JsonSchemaCompiler.Compile("""{"type":"string","format":"email","maxLength":1024}""");
        Assert.True(GrammarAcceptance.Accepts(grammar, "\"john.doe@example.org\""));
        Assert.False(GrammarAcceptance.Accepts(grammar, "\"john.doe\""));
        Assert.False(GrammarAcceptance.Accepts(grammar, "\"" + new string('a', 1020) + "@example.org\""));
        var compiled = GrammarCompiler.Compile(grammar.Grammar, Vocabulary);
        MatcherDifferentialTests.ForceDecode(compiled, "\"aaaaaaaa@b.aa\"", "email");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Near_the_limit_tokens_that_leave_the_string_escape_or_split_a_character_are_checked_exactly(int seed)
    {
        // A limit more than 128 characters above the minimum is counted whatever its size. Tokens here end the string
        // and the object, hold escapes, or hold part of a three-byte character; each mask near the limit must equal
        // the brute-force check of every token.
        var vocabulary = SmallVocabulary.OfBytesAnd("counted-text-near-limit",
            new[] { "aaaa", "aaaaaaaaaaaa", "aé", "中", "中中", "a\"}", "aa\",", "\"}", "\\n", "a\\\"", "\\u00e9", "é\"" }.Select(Encoding.UTF8.GetBytes)
                .Append(Encoding.UTF8.GetBytes("中")[..2]).Append(Encoding.UTF8.GetBytes("中")[2..]).Append([(byte)'a', .. Encoding.UTF8.GetBytes("中")[..1]]));
        const string schema = """{"type":"object","properties":{"s":{"type":"string","pattern":"^[^@]+$","maxLength":140}},"required":["s"]}""";
        var compiled = GrammarCompiler.Compile(JsonSchemaCompiler.Compile(schema).Grammar, vocabulary);
        Assert.InRange(compiled.AutomatonStates, 1, 200);
        var random = new Random(seed);
        var mask = new uint[compiled.MaskWords];
        var matcher = compiled.CreateMatcher();
        Assert.True(matcher.AcceptBytes(Encoding.UTF8.GetBytes("{\"s\":\"" + new string('a', 124 + seed))));
        for (int step = 0; step < 24 && !matcher.IsFinished; step++)
        {
            matcher.FillNextTokenMask(mask);
            MatcherDifferentialTests.AssertMaskIsBruteForce(matcher, mask, $"step {step}");
            var allowed = Enumerable.Range(0, vocabulary.Count).Where(t => MatcherDifferentialTests.IsSet(mask, t)).ToList();
            Assert.NotEmpty(allowed);
            // Mostly the longest allowed tokens, to reach the limit and leave the string with a multi-byte token.
            allowed = allowed.OrderByDescending(t => vocabulary.GetBytes(t).Length).Take(random.Next(1, 4)).ToList();
            Assert.True(matcher.Accept(allowed[random.Next(allowed.Count)]));
        }
    }
}
