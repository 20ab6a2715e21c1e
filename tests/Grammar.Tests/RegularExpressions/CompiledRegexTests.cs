using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.RegularExpressions;
using LlmLang.Grammar.Vocabulary;
using Xunit;
using DotNetOptions = System.Text.RegularExpressions.RegexOptions;
using DotNetRegex = System.Text.RegularExpressions.Regex;

namespace LlmLang.Grammar.Tests.RegularExpressions;

/// <summary>Random regexes compiled to the byte-level matcher: whole-text acceptance equals .NET's, byte by byte.</summary>
public class CompiledRegexTests
{
    // Every byte is a token (id = byte value), plus EOS.
    private static readonly TokenVocabulary Bytes = new(
        Enumerable.Range(0, 256).Select(b => (byte[]?)[(byte)b]).Append(null).ToArray(), [], [256], "bytes");

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void CompiledMatcherAgreesWithDotNet(int seed)
    {
        var random = new RandomRegex(seed);
        int members = 0;
        for (int p = 0; p < 60; p++)
        {
            string pattern = random.Pattern();
            var reference = new DotNetRegex($"^(?:{pattern})$", DotNetOptions.ECMAScript | DotNetOptions.CultureInvariant);
            var matcher = GrammarCompiler.Compile(GrammarDefinition.FromExpr(RegexGrammar.Parse(pattern)), Bytes).CreateMatcher();
            for (int t = 0; t < 30; t++)
            {
                string text = random.Text();
                matcher.Reset();
                bool accepted = matcher.AcceptBytes(Encoding.UTF8.GetBytes(text)) && matcher.CanTerminate;
                bool expected = reference.IsMatch(text);
                members += expected ? 1 : 0;
                Assert.True(expected == accepted, $"/{pattern}/ on \"{text}\": .NET says {expected}");
            }
        }
        Assert.True(members > 20, $"only {members} members");
    }

    [Fact]
    public void SearchPatternsAcceptSurroundingText()
    {
        var grammar = GrammarCompiler.Compile(GrammarDefinition.FromExpr(RegexGrammar.Parse("[0-9]{3}", RegexOptions.Unanchored)), Bytes);
        var matcher = grammar.CreateMatcher();
        Assert.True(matcher.AcceptBytes("tel: 555 or so"u8) && matcher.CanTerminate);
        matcher.Reset();
        Assert.True(matcher.AcceptBytes("tel: 55"u8));
        Assert.False(matcher.CanTerminate);
    }

    [Fact]
    public void ExponentialDeterminizationHitsTheSizeLimitWithAClearError()
    {
        var definition = GrammarDefinition.FromExpr(RegexGrammar.Parse("(a|b)*a(a|b){20}"));
        var e = Assert.Throws<GrammarException>(() => GrammarCompiler.Compile(definition, Bytes, new CompileLimits(MaxDfaStates: 5000)));
        Assert.Contains("MaxDfaStates", e.Message);
    }
}
