namespace LlmLang.Grammar.Ir;

/// <summary>
/// A complete grammar: named rules over <see cref="GrammarExpr"/> and the start rule. Front ends produce it; the
/// compiler lowers it to automata. Immutable.
/// </summary>
/// <param name="Rules">Rule bodies by name.</param>
/// <param name="Start">The name of the start rule.</param>
public sealed record GrammarDefinition(IReadOnlyDictionary<string, GrammarExpr> Rules, string Start)
{
    /// <summary>
    /// Rules whose text is a JSON array of strings that must all differ (JSON Schema <c>uniqueItems</c>), checked as
    /// each string's closing quote is read. Such a rule may read only the array's brackets, commas, whitespace and
    /// strings; what it references is inlined, and from any point inside a string it must allow infinitely many
    /// endings, so a repeated string can always be avoided. Compilation fails, naming the rule, otherwise.
    /// </summary>
    public IReadOnlySet<string> DistinctItemRules { get; init; } = new HashSet<string>();

    /// <summary>
    /// How long the front end took to build this definition (a JSON schema's parsing and translation). Compilation
    /// counts it against <see cref="Compilation.CompileLimits.MaskPrecomputeBudget"/>, so that the budget bounds the
    /// whole compile a request waits for.
    /// </summary>
    public TimeSpan BuildTime { get; init; }

    /// <summary>A grammar with a single start rule.</summary>
    public static GrammarDefinition FromExpr(GrammarExpr root) =>
        new(new Dictionary<string, GrammarExpr> { ["root"] = root }, "root");
}
