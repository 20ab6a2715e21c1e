using Xunit;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.RegularExpressions;

namespace LlmLang.Grammar.Tests.RegularExpressions;

public class RegexSyntaxTests
{
    [Theory]
    [InlineData("(a)\\1", "backreference '\\1'", 3)]
    [InlineData("a(?=b)", "lookahead", 1)]
    [InlineData("a(?!b)", "negative lookahead", 1)]
    [InlineData("(?<=a)b", "lookbehind", 0)]
    [InlineData("(?i)a", "inline flags", 0)]
    [InlineData("a\\bc", "word boundary", 1)]
    [InlineData("\\p{L}", "Unicode property escape", 0)]
    [InlineData("a^b", "anchor '^'", 1)]
    [InlineData("a$b", "anchor '$'", 1)]
    [InlineData("b(^a)", "anchor '^'", 2)]
    [InlineData("[z-a]", "out of order", 1)]
    [InlineData("a{3,2}", "max < min", 0)]
    [InlineData("\\uD800", "lone surrogate", 0)]
    [InlineData("^*", "quantifier on anchor", 0)]
    public void UnsupportedConstructsAreNamedWithTheirPosition(string pattern, string construct, int position)
    {
        var e = Assert.Throws<GrammarException>(() => RegexGrammar.Parse(pattern));
        Assert.Contains(construct, e.Message);
        Assert.Contains($"position {position}", e.Message);
    }

    [Theory]
    [InlineData("(ab", 3)]
    [InlineData("a)", 1)]
    [InlineData("[ab", 3)]
    [InlineData("*a", 0)]
    [InlineData("a**", 2)]
    [InlineData("\\x4", 3)]
    public void SyntaxErrorsNameThePosition(string pattern, int position)
    {
        var e = Assert.Throws<GrammarException>(() => RegexGrammar.Parse(pattern));
        Assert.Contains($"position {position}", e.Message);
    }

    [Theory]
    [InlineData("^abc$", "abc", true)]
    [InlineData("^a|b$", "b", true)]
    [InlineData("[é-ü]+", "éü", true)]
    [InlineData("[é-ü]+", "e", false)]
    [InlineData("\\u00e9\\u{1F600}", "é😀", true)]
    [InlineData("\\uD83D\\uDE00", "😀", true)]
    [InlineData("[^a]", "😀", true)]
    [InlineData("[^a]", "a", false)]
    [InlineData(".", "\n", false)]
    [InlineData(".", "\u2028", false)]
    [InlineData("\\s", "\u3000", true)]
    [InlineData("\\d", "٣", false)]
    [InlineData("a{2,}?", "aaa", true)]
    [InlineData("(?<year>\\d{4})-\\d\\d", "2024-01", true)]
    [InlineData("[]", "", false)]
    [InlineData("[^]", "x", true)]
    [InlineData("a{x", "a{x", true)]
    [InlineData("\\/\\-\\.", "/-.", true)]
    public void FullMatchExamples(string pattern, string text, bool expected) =>
        Assert.Equal(expected, RegexMembership.Matches(pattern, text));

    [Theory]
    [InlineData("abc", "xxabcyy", true)]
    [InlineData("^abc", "abcyy", true)]
    [InlineData("^abc", "xabc", false)]
    [InlineData("abc$", "xabc", true)]
    [InlineData("abc$", "abcx", false)]
    [InlineData("^a|b$", "xb", true)]
    [InlineData("^a|b$", "xa", false)]
    [InlineData("^[a-z]+$", "ab1", false)]
    public void SearchSemanticsForJsonSchemaPattern(string pattern, string text, bool expected) =>
        Assert.Equal(expected, RegexMembership.Matches(pattern, text, RegexOptions.Unanchored));

    [Fact]
    public void PathologicalPatternsParseQuickly()
    {
        foreach (string pattern in new[] { "(a|aa)*b", "(a*)*", "((((((((((a))))))))))*", string.Join('|', Enumerable.Range(0, 5000).Select(i => $"w{i}")) })
            Assert.NotNull(RegexGrammar.Parse(pattern));
        Assert.True(RegexMembership.Matches("(a|aa)*b", new string('a', 30) + "b"));
        Assert.False(RegexMembership.Matches("(a*)*", new string('a', 30) + "b"));
    }
}
