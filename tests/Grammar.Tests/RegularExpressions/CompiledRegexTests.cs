using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.RegularExpressions;
using LlmLang.Grammar.Vocabulary;
using LlmLang.TestSupport;
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

    [SkippableFact]
    public void TextStateMasksEqualBruteForceOnCl100k()
    {
        // String bodies accept whole trie subtrees at once (ASCII loops and well-formed UTF-8): compare with Accept.
        var vocabulary = TokenVocabulary.LoadBase64Lines(SharedFixtures.Require("peers/xgrammar/vocab/cl100k.b64"));
        var pattern = "\\{\"k\":\"[^\"\\\\\\u0000-\\u001f]{0,}\"(,\"n\":[0-9]+)?\\}";
        var matcher = GrammarCompiler.Compile(GrammarDefinition.FromExpr(RegexGrammar.Parse(pattern)), vocabulary).CreateMatcher();
        var mask = new uint[vocabulary.MaskWords];
        foreach (string step in new[] { "{\"k\":\"", "é", "中文 text", "\"" })
        {
            Assert.True(matcher.AcceptBytes(Encoding.UTF8.GetBytes(step)), step);
            matcher.FillNextTokenMask(mask);
            for (int id = 0; id < vocabulary.Count; id++)
            {
                bool allowed = (mask[id >> 5] >> (id & 31) & 1) != 0;
                if (allowed != matcher.Copy().Accept(id))
                    Assert.Fail($"after '{step}': token {id} ({Convert.ToHexString(vocabulary.GetBytes(id))}) mask {allowed}");
            }
        }
    }

    [Theory]
    [InlineData("[a-zé]*")]
    [InlineData("[^\"]*")]
    [InlineData("x[^\"]{2,}y")]
    [InlineData("(ab|é)*")]
    public void WholeSubtreeShortcutsMatchBruteForce(string pattern)
    {
        // Tokens chosen so that subtrees mix loop bytes, other characters, truncated and ill-formed UTF-8.
        string[] texts = ["a", "ab", "ab中", "a中", "aé", "é", "中", "x", "y", "xa", "ay", "\"", "abc", "ZZ"];
        var tokens = texts.Select(t => (byte[]?)Encoding.UTF8.GetBytes(t)).ToList();
        tokens.AddRange([[(byte)'a', 0x80], [(byte)'a', 0xC3], [(byte)'a', 0xC3, 0xA9, 0xE4, 0xB8], [(byte)'a', 0xC0, 0x80], [(byte)'a', 0xED, 0xA0, 0x80], [0xC3], null]);
        var vocabulary = new TokenVocabulary(tokens, [], [tokens.Count - 1], "utf8-edges");
        var matcher = GrammarCompiler.Compile(GrammarDefinition.FromExpr(RegexGrammar.Parse(pattern)), vocabulary).CreateMatcher();
        var mask = new uint[vocabulary.MaskWords];
        var random = new Random(7);
        for (int step = 0; step < 12; step++)
        {
            matcher.FillNextTokenMask(mask);
            var allowed = Enumerable.Range(0, vocabulary.Count).Where(id => (mask[id >> 5] >> (id & 31) & 1) != 0).ToList();
            for (int id = 0; id < vocabulary.Count; id++)
                Assert.True(allowed.Contains(id) == matcher.Copy().Accept(id), $"/{pattern}/ step {step}: token {id} ({Convert.ToHexString(vocabulary.GetBytes(id))}) mask {allowed.Contains(id)}");
            var text = allowed.Where(vocabulary.IsText).ToList();
            if (text.Count == 0) break;
            Assert.True(matcher.Accept(text[random.Next(text.Count)]));
        }
    }
}
