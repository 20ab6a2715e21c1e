using Xunit;
using LlmLang.Grammar.Choices;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;

namespace LlmLang.Grammar.Tests.Choices;

public class ChoiceGrammarTests
{
    private static bool Matches(GrammarExpr expr, string text) => IrRecognizer.Matches(expr, new Dictionary<string, GrammarExpr>(), text);

    [Fact]
    public void MatchesExactlyTheChoices()
    {
        var expr = ChoiceGrammar.Build(["yes", "no", "yes", "", "né😀"]);
        Assert.True(Matches(expr, "yes"));
        Assert.True(Matches(expr, "no"));
        Assert.True(Matches(expr, ""));
        Assert.True(Matches(expr, "né😀"));
        Assert.False(Matches(expr, "ye"));
        Assert.False(Matches(expr, "yesno"));
    }

    [Fact]
    public void BadInputIsAnError()
    {
        Assert.Contains("at least one", Assert.Throws<GrammarException>(() => ChoiceGrammar.Build([])).Message);
        Assert.Contains("choice 1 is null", Assert.Throws<GrammarException>(() => ChoiceGrammar.Build(["a", null!])).Message);
    }
}
