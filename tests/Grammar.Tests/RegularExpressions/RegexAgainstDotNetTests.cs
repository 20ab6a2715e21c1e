using Xunit;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetOptions = System.Text.RegularExpressions.RegexOptions;
using LlmLang.Grammar.RegularExpressions;

namespace LlmLang.Grammar.Tests.RegularExpressions;

/// <summary>Random regexes on random strings: our IR accepts a string exactly when .NET's ECMAScript regex does.</summary>
public class RegexAgainstDotNetTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void FullMatchMembershipEqualsDotNet(int seed)
    {
        var random = new RandomRegex(seed);
        int members = 0;
        for (int p = 0; p < 150; p++)
        {
            string pattern = random.Pattern();
            var reference = new DotNetRegex($"^(?:{pattern})$", DotNetOptions.ECMAScript | DotNetOptions.CultureInvariant);
            for (int t = 0; t < 25; t++)
            {
                string text = t % 5 == 0 ? Sample(reference, random) : random.Text();
                bool expected = reference.IsMatch(text);
                members += expected ? 1 : 0;
                Assert.True(expected == RegexMembership.Matches(pattern, text), $"/{pattern}/ on \"{text}\": .NET says {expected}");
            }
        }
        Assert.True(members > 100, $"only {members} member strings: the test would not notice a grammar that accepts nothing");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void SearchMembershipEqualsDotNetIsMatch(int seed)
    {
        var random = new RandomRegex(seed);
        for (int p = 0; p < 100; p++)
        {
            string pattern = random.Pattern(2);
            if (p % 3 == 1) pattern = "^" + pattern;
            if (p % 4 == 2) pattern += "$";
            var reference = new DotNetRegex(pattern, DotNetOptions.ECMAScript | DotNetOptions.CultureInvariant);
            for (int t = 0; t < 20; t++)
            {
                string text = random.Text();
                bool expected = reference.IsMatch(text);
                Assert.True(expected == RegexMembership.Matches(pattern, text, RegexOptions.Unanchored),
                    $"search /{pattern}/ on \"{text}\": .NET says {expected}");
            }
        }
    }

    // Pattern text with its own alternation at top level may need the group: try a few random strings that match.
    private static string Sample(DotNetRegex reference, RandomRegex random)
    {
        for (int i = 0; i < 40; i++)
        {
            string text = random.Text();
            if (reference.IsMatch(text)) return text;
        }
        return random.Text();
    }
}
