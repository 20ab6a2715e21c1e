namespace LlmLang.Grammar.Ir;

/// <summary>
/// A complete grammar: named rules over <see cref="GrammarExpr"/> and the start rule. Front ends produce it; the
/// compiler lowers it to automata. Immutable.
/// </summary>
/// <param name="Rules">Rule bodies by name.</param>
/// <param name="Start">The name of the start rule.</param>
public sealed record GrammarDefinition(IReadOnlyDictionary<string, GrammarExpr> Rules, string Start)
{
    /// <summary>A grammar with a single start rule.</summary>
    public static GrammarDefinition FromExpr(GrammarExpr root) =>
        new(new Dictionary<string, GrammarExpr> { ["root"] = root }, "root");
}
