using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// <c>uniqueItems</c> where the items are a few scalars (an <c>enum</c>/<c>const</c>, booleans, null): one rule per set
/// of values already written, so each value appears at most once, in any order. Scalars with distinct compact texts are
/// distinct JSON values, which makes the check exact.
/// </summary>
internal sealed partial class SchemaTranslator
{
    /// <summary>Most distinct item values (the grammar has one rule per subset: 2^n).</summary>
    private const int MaxUniqueItemValues = 8;

    /// <summary>The array grammar, or null (after reporting) when the item language is not a few scalars.</summary>
    private GrammarExpr? UniqueArray(SchemaNode at, Conjunction items, GrammarExpr item, int min, int? max, GrammarExpr separator)
    {
        var types = TypesOf(items);
        var candidates = EnumValues(items)
            ?? ((types & ~(JsonTypes.Null | JsonTypes.Boolean)) == 0 ? ["null", "true", "false"] : null);
        if (candidates is null || candidates.Any(v => v[0] is '{' or '['))
        {
            Unsupported(at, "uniqueItems", "can be enforced only for items that are a few scalars (an enum, booleans, null)");
            return null;
        }
        var values = candidates.Where(v => Allows(item, v, items)).ToList();
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
                        alternatives.Add(Expr.Seq(count > 0 ? separator : Expr.Empty, Expr.Text(values[i]), State(used | (1 << i))));
            _rules[name] = Expr.Or(alternatives);
            return new RuleRefExpr(name);
        }
        return Expr.Seq(Expr.Text("["), _ws, State(0), _ws, Expr.Text("]"));
    }
}
