using LlmLang.Generators.Parsing;
using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>The compile-time regex check (LLM0005) agrees with the grammar engine that enforces the regex at run time.</summary>
public sealed class RegexValidatorTests
{
    [Theory]
    [InlineData("[a-z]+")]
    [InlineData("-?(0|[1-9][0-9]{0,17})")]
    [InlineData("(?:ab|cd)*e?")]
    [InlineData("(?<word>\\w+) \\d{2,}")]
    [InlineData("^yes|no$")]
    [InlineData("[^\\]\\n]*")]
    [InlineData("a{2}b{1,}c{0,3}?")]
    [InlineData("\\u00e9\\x41\\.")]
    [InlineData("(a)\\1")]
    [InlineData("\\k<n>")]
    [InlineData("a(?=b)")]
    [InlineData("a(?!b)")]
    [InlineData("(?<=a)b")]
    [InlineData("(?<!a)b")]
    [InlineData("(?>a+)")]
    [InlineData("(?i)abc")]
    [InlineData("a^b")]
    [InlineData("a$b")]
    [InlineData("\\bword\\b")]
    [InlineData("\\p{L}+")]
    [InlineData("\\Aabc\\z")]
    [InlineData("(ab")]
    [InlineData("a{2,1}")]
    [InlineData("[z-a]")]
    [InlineData("*a")]
    [InlineData("(a$)")]
    [InlineData("a|^b$|c")]
    [InlineData("[\\b\\d]x")]
    [InlineData("(?'n'a)")]
    [InlineData("\\P{Lu}")]
    public void Agrees_with_the_grammar_engine(string pattern)
    {
        string? generatorSays = RegexValidator.Validate(pattern);
        string? engineSays = null;
        try
        {
            Grammar.RegularExpressions.RegexGrammar.Parse(pattern);
        }
        catch (Exception e)
        {
            engineSays = e.Message;
        }
        Assert.True((generatorSays is null) == (engineSays is null),
            $"/{pattern}/: generator says {generatorSays ?? "ok"}; grammar engine says {engineSays ?? "ok"}");
    }
}
