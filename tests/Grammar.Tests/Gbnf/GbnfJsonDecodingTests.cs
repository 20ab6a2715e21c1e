using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.Vocabulary;
using LlmLang.TestSupport;
using Xunit;

namespace LlmLang.Grammar.Tests.Gbnf;

/// <summary>The built-in JSON grammar (recursive rules) force-decoded with the real cl100k vocabulary.</summary>
public class GbnfJsonDecodingTests
{
    private static readonly Lazy<TokenVocabulary> Cl100k = new(() =>
        TokenVocabulary.LoadBase64Lines(SharedFixtures.Require("peers/xgrammar/vocab/cl100k.b64")));

    [SkippableTheory]
    [InlineData("""{"name": "Ada", "tags": ["x", {"deep": [[[1.5e-3]]]}], "ok": true, "none": null}""", true)]
    [InlineData("""[1, 2, "three", {"four": 4}]""", true)]
    [InlineData("""{"a": 1,}""", false)]
    [InlineData("""{"a" 1}""", false)]
    public void GreedyDecodingFollowsTheMask(string text, bool valid)
    {
        var vocabulary = Cl100k.Value;
        var matcher = GrammarCompiler.Compile(GbnfGrammar.Parse(GbnfGrammar.Json), vocabulary).CreateMatcher();
        var mask = new uint[vocabulary.MaskWords];
        var bytes = Encoding.UTF8.GetBytes(text);
        var byBytes = Enumerable.Range(0, vocabulary.Count).Where(vocabulary.IsText)
            .GroupBy(id => Convert.ToBase64String(vocabulary.GetBytes(id))).ToDictionary(g => g.Key, g => g.First());
        int at = 0;
        bool decoded = true;
        while (at < bytes.Length && decoded)
        {
            matcher.FillNextTokenMask(mask);
            decoded = false;
            for (int length = Math.Min(32, bytes.Length - at); length >= 1 && !decoded; length--)
            {
                if (!byBytes.TryGetValue(Convert.ToBase64String(bytes, at, length), out int id)) continue;
                bool allowed = (mask[id >> 5] >> (id & 31) & 1) != 0;
                Assert.Equal(allowed, matcher.Copy().Accept(id));
                if (!allowed) continue;
                Assert.True(matcher.Accept(id));
                at += length;
                decoded = true;
            }
        }
        matcher.FillNextTokenMask(mask);
        bool eos = (mask[vocabulary.EosIds[0] >> 5] >> (vocabulary.EosIds[0] & 31) & 1) != 0;
        Assert.Equal(valid, decoded && eos);
        Assert.Equal(valid, decoded && matcher.Accept(vocabulary.EosIds[0]) && matcher.IsFinished);
    }
}
