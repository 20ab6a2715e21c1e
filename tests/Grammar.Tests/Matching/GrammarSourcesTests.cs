using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.RegularExpressions;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>Compiling from source text: every kind works, equal sources share a compilation, errors pass through.</summary>
public class GrammarSourcesTests
{
    private static readonly TokenVocabulary Vocabulary = SmallVocabulary.Create();

    private static bool Accepts(CompiledGrammar grammar, string text)
    {
        var matcher = grammar.CreateMatcher();
        return matcher.AcceptBytes(Encoding.UTF8.GetBytes(text)) && matcher.CanTerminate;
    }

    [Fact]
    public void EveryKindCompilesAndIsShared()
    {
        var regex = GrammarSources.Regex("a[bé]+", Vocabulary);
        Assert.Same(regex, GrammarSources.Regex("a[bé]+", Vocabulary, RegexOptions.Default));
        Assert.True(Accepts(regex, "abéb"));
        Assert.False(Accepts(regex, "xab"));
        Assert.True(Accepts(GrammarSources.Regex("a[bé]+", Vocabulary, RegexOptions.Unanchored), "xabx"));
        var gbnf = GrammarSources.Gbnf("root ::= \"[\" root? \"]\"", Vocabulary);
        Assert.True(Accepts(gbnf, "[[]]"));
        Assert.Same(gbnf, GrammarSources.Gbnf("root ::= \"[\" root? \"]\"", Vocabulary));
        var choices = GrammarSources.Choices(["a", "ab"], Vocabulary);
        Assert.True(Accepts(choices, "ab"));
        Assert.NotSame(choices, GrammarSources.Choices(["a", "b"], Vocabulary));
        var schema = GrammarSources.JsonSchema("""{"type":"array","items":{"enum":["a","b"]},"maxItems":2}""", Vocabulary);
        Assert.True(Accepts(schema, "[\"a\",\"b\"]"));
        Assert.False(Accepts(schema, "[\"a\",\"b\",\"a\"]"));
    }

    [Fact]
    public void FrontEndErrorsPassThroughAndAreNotCached()
    {
        Assert.Throws<GrammarException>(() => GrammarSources.Regex("(a", Vocabulary));
        Assert.Throws<GrammarException>(() => GrammarSources.Regex("(a", Vocabulary));
        Assert.Throws<GrammarException>(() => GrammarSources.Gbnf("root ::= missing", Vocabulary));
        Assert.Throws<JsonSchemaException>(() => GrammarSources.JsonSchema("{\"type\":", Vocabulary));
    }
}
