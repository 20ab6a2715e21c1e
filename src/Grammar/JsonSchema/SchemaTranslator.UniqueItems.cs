using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// <c>uniqueItems</c>. Where the items are a few scalars (an <c>enum</c>/<c>const</c>, booleans, null): one rule per set
/// of values already written, so each value appears at most once, in any order. Scalars with distinct compact texts are
/// distinct JSON values, which makes the check exact. Where the items are strings of an unbounded language: a
/// distinct-items rule (<see cref="GrammarDefinition.DistinctItemRules"/>), whose parser frame refuses a closing quote
/// that repeats a string.
/// </summary>
internal sealed partial class SchemaTranslator
{
    /// <summary>Most automaton states of a distinct-items rule (checked while translating).</summary>
    private const int MaxDistinctItemStates = 16384;

    /// <summary>Most distinct item values (the grammar has one rule per subset: 2^n).</summary>
    private const int MaxUniqueItemValues = 8;

    /// <summary>The array grammar, or null (after reporting) when the items are neither strings nor a few scalars.</summary>
    private GrammarExpr? UniqueArray(SchemaNode at, Conjunction items, GrammarExpr item, int min, int? max,
        Func<GrammarExpr> plainArray)
    {
        var types = TypesOf(items);
        var candidates = EnumValues(items)
            ?? ((types & ~(JsonTypes.Null | JsonTypes.Boolean)) == 0 ? ["null", "true", "false"] : null);
        var allowed = candidates?.Where(v => Allows(item, v, items)).ToList();
        if (allowed is null ? types == JsonTypes.String : allowed.Count > MaxUniqueItemValues && allowed.All(v => v[0] == '"'))
            return allowed?.Count < min ? Expr.Nothing : DistinctStrings(at, plainArray());
        if (candidates is null || candidates.Any(v => v[0] is '{' or '['))
        {
            Unsupported(at, "uniqueItems", "can be enforced only for items that are strings or a few scalars (an enum, booleans, null)");
            return null;
        }
        var values = allowed!;
        if (values.Count > MaxUniqueItemValues)
        {
            Unsupported(at, "uniqueItems", $"items have {values.Count} possible values; at most {MaxUniqueItemValues} can be tracked");
            return null;
        }
        string prefix = "u" + (_objectCount++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var made = new HashSet<int>();
        GrammarExpr State(int used)
        {
            string name = $"{prefix}_m{used}";
            if (!made.Add(used)) return new RuleRefExpr(name);
            int count = System.Numerics.BitOperations.PopCount((uint)used);
            var alternatives = new List<GrammarExpr>();
            if (count >= min) alternatives.Add(Expr.Empty);
            if (max is null || count < max)
                for (int i = 0; i < values.Count; i++)
                    if ((used & (1 << i)) == 0)
                        alternatives.Add(Expr.Seq(count > 0 ? _comma : Expr.Empty, Expr.Text(values[i]), State(used | (1 << i))));
            _rules[name] = Expr.Or(alternatives);
            return new RuleRefExpr(name);
        }
        return Expr.Seq(Expr.Text("["), _ws, State(0), _ws, Expr.Text("]"));
    }

    /// <summary>The array of strings as a distinct-items rule, or null (after reporting) when its automaton cannot
    /// check the strings exactly (see <see cref="Automata.DistinctItemsLayout"/>).</summary>
    private RuleRefExpr? DistinctStrings(SchemaNode at, GrammarExpr array)
    {
        string name = $"uniqueItems at {at.Pointer} ({_objectCount++})";
        // The rule and what it reaches, compiled on their own.
        var rules = new Dictionary<string, GrammarExpr>(StringComparer.Ordinal) { [name] = array };
        var pending = new Stack<GrammarExpr>([array]);
        while (pending.Count > 0)
            foreach (string reference in Automata.NfaLowering.References(pending.Pop()))
                if (!rules.ContainsKey(reference) && _rules.TryGetValue(reference, out var body))
                {
                    rules[reference] = body;
                    pending.Push(body);
                }
        const string check = "(uniqueItems check)";
        rules[check] = new RuleRefExpr(name);
        try
        {
            // The frame sees only its own rule's bytes, so nothing in it is called or counted: long strings are expanded
            // in states, and past MaxDistinctItemStates (a maxLength in the hundreds) refused rather than slow.
            var limits = Compilation.CompileLimits.Default with { MaxDfaStates = MaxDistinctItemStates };
            var grammar = new GrammarDefinition(rules, check) { DistinctItemRules = new HashSet<string> { name } };
            var (nfa, called, fragments) = Automata.NfaLowering.Lower(grammar, limits.MaxNfaStates);
            Automata.Determinizer.Build(nfa, called, fragments, limits, System.Diagnostics.Stopwatch.StartNew(), grammar.DistinctItemRules);
        }
        catch (Compilation.GrammarException e)
        {
            Unsupported(at, "uniqueItems", $"cannot be checked for these items: {e.Message.Replace($"'{name}': ", "")}");
            return null;
        }
        _rules[name] = array;
        _distinctItemRules.Add(name);
        return new RuleRefExpr(name);
    }
}
