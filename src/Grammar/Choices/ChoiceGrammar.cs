using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.Choices;

/// <summary>A choice among literal strings (for <c>select</c> and enum-like constraints).</summary>
public static class ChoiceGrammar
{
    /// <summary>An expression matching exactly one of <paramref name="choices"/> (UTF-8).</summary>
    /// <exception cref="GrammarException">No choices, or a null entry (names its index).</exception>
    public static GrammarExpr Build(IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0) throw new GrammarException("a choice needs at least one string");
        for (int i = 0; i < choices.Count; i++)
            if (choices[i] is null) throw new GrammarException($"choice {i} is null");
        return new ChoiceExpr(choices.Distinct(StringComparer.Ordinal).Select(c => (GrammarExpr)LiteralExpr.Text(c)).ToList());
    }
}
