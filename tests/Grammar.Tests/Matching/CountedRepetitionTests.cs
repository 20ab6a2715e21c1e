using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// A long bounded repetition of a small item (a string's <c>maxLength</c> of thousands of characters) is not expanded
/// into one automaton state per count: it becomes a counted rule whose parser frame counts the items, and whose last
/// repetitions (more than the longest token is long) are ordinary states. Masks must equal a brute-force check of every
/// token all the way, the count must be exact (the last character allowed, the next one refused), and the automaton
/// must stay small whatever the limit.
/// </summary>
public class CountedRepetitionTests
{
    // The longest token has 8 bytes, so the counted tail is 9 repetitions and limits above 36 are counted.
    private static readonly TokenVocabulary Vocabulary = CreateVocabulary();

    public static TheoryData<string, string, string> Cases => new()
    {
        { """{"type":"string","maxLength":60}""", "\"", "\"" },
        { """{"type":"string","minLength":3,"maxLength":50}""", "\"", "\"" },
        { """{"type":"object","properties":{"s":{"type":"string","maxLength":40},"t":{"type":"string","maxLength":45}},"required":["s","t"]}""", "{\"s\":\"", "\",\"t\":\"é\"}" },
        { """{"type":"array","items":{"type":"string","maxLength":41}}""", "[\"ab\",\"", "\"]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TextsUpToTheLimitDecodeWithExactMasksAndOneMoreCharacterIsRefused(string schema, string before, string after)
    {
        int max = MaxLength(schema);
        var grammar = JsonSchemaCompiler.Compile(schema).Grammar;
        foreach (var limits in new[] { CompileLimits.Default, new CompileLimits(MaskPrecomputeBudget: TimeSpan.Zero) })
        {
            var compiled = GrammarCompiler.Compile(grammar, Vocabulary, limits);
            // Runs of one character, several-byte characters and escapes, each spelled as one character.
            foreach (string unit in new[] { "a", "é", "中", "\\\"", "aé" })
            {
                string content = Content(unit, max);
                MatcherDifferentialTests.ForceDecode(compiled, before + content + after, schema);
                var matcher = compiled.CreateMatcher();
                Assert.True(matcher.AcceptBytes(Encoding.UTF8.GetBytes(before + content)), $"{schema}: {max} characters refused");
                Assert.False(matcher.AcceptBytes("a"u8), $"{schema}: character {max + 1} accepted");
                Assert.True(matcher.AcceptBytes(Encoding.UTF8.GetBytes(after)), $"{schema}: cannot end after {max} characters");
            }
        }
    }

    [Fact]
    public void AHundredThousandCharacterLimitCompilesToAFewHundredStatesAndCountsExactly()
    {
        var compiled = GrammarCompiler.Compile(JsonSchemaCompiler.Compile("""{"type":"string","maxLength":100000}""").Grammar, Vocabulary);
        Assert.InRange(compiled.AutomatonStates, 1, 1_000);
        var matcher = compiled.CreateMatcher();
        Assert.True(matcher.AcceptBytes(Encoding.UTF8.GetBytes("\"" + new string('a', 99_990))));
        var mask = new uint[compiled.MaskWords];
        // The last ten characters cross into the tail: masks stay exact there, and the count ends exactly at the limit.
        for (int i = 0; i < 10; i++)
        {
            matcher.FillNextTokenMask(mask);
            MatcherDifferentialTests.AssertMaskIsBruteForce(matcher, mask, "maxLength 100000");
            Assert.True(matcher.AcceptBytes("a"u8));
        }
        var copy = matcher.Copy();
        Assert.False(matcher.AcceptBytes("a"u8));
        Assert.True(copy.AcceptBytes("\""u8));
        Assert.True(copy.CanTerminate);
        matcher.Rollback(10);
        Assert.True(matcher.AcceptBytes(Encoding.UTF8.GetBytes(new string('a', 10) + "\"")));
    }

    [Fact]
    public void AnItemThatIsAPrefixOfAnotherIsExpandedInstead()
    {
        // After `a` one item may have ended and another gone on (a|ab): returns cannot be counted one by one.
        var item = new ChoiceExpr([LiteralExpr.Text("a"), LiteralExpr.Text("ab")]);
        var compiled = GrammarCompiler.Compile(GrammarDefinition.FromExpr(new RepeatExpr(item, 0, 60)), Vocabulary);
        foreach (string text in new[] { new string('a', 60), string.Concat(Enumerable.Repeat("ab", 60)), "ab" + new string('a', 59) })
            Assert.True(compiled.CreateMatcher().AcceptBytes(Encoding.UTF8.GetBytes(text)), text);
        Assert.False(compiled.CreateMatcher().AcceptBytes(Encoding.UTF8.GetBytes(new string('a', 61))));
        Assert.False(compiled.CreateMatcher().AcceptBytes(Encoding.UTF8.GetBytes("ab" + new string('a', 60))));
    }

    private static int MaxLength(string schema)
    {
        using var document = System.Text.Json.JsonDocument.Parse(schema);
        int max = int.MaxValue;
        Visit(document.RootElement);
        return max;

        void Visit(System.Text.Json.JsonElement element)
        {
            if (element.ValueKind != System.Text.Json.JsonValueKind.Object) return;
            foreach (var property in element.EnumerateObject())
                if (property.Name == "maxLength") max = Math.Min(max, property.Value.GetInt32());
                else Visit(property.Value);
        }
    }

    // `max` characters made of `unit` repeated (an escape counts as one character).
    private static string Content(string unit, int max)
    {
        int perUnit = unit.StartsWith('\\') ? 1 : unit.Length;
        var text = new StringBuilder();
        for (int n = 0; n + perUnit <= max; n += perUnit) text.Append(unit);
        int used = text.Length / unit.Length * perUnit;
        return text.Append('a', max - used).ToString();
    }

    // Every byte, plus runs of text up to 8 bytes, pieces with quotes and escapes, and multi-byte characters.
    private static TokenVocabulary CreateVocabulary() => SmallVocabulary.OfBytesAnd("counted-repetition-test",
        new[] { "aa", "aaa", "aaaa", "aaaaa", "aaaaaaaa", "é", "éé", "aé", "éa", "中", "中中", "\\\"", "\\\"\\\"", "a\"", "aa\"", "\",\"", "\"}", "é\"}", "\"]", "\",", "[\"", "{\"" }
            .Select(Encoding.UTF8.GetBytes));
}
