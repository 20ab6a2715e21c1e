using System.Text;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// Random IR grammars (several rules, recursion through rule references, UTF-8 multi-byte text) and random sentences
/// sampled from them, for differential tests of the matcher against the IR recognizer.
/// </summary>
internal sealed class RandomGrammar
{
    /// <summary>The text alphabet: ASCII, brackets for nesting, a 2-byte and a 3-byte character.</summary>
    public static readonly string[] Alphabet = ["a", "b", "[", "]", "é", "中"];

    private readonly Random _random;

    public RandomGrammar(int seed) => _random = new Random(seed);

    public GrammarDefinition Next()
    {
        int ruleCount = _random.Next(1, 4);
        var rules = new Dictionary<string, GrammarExpr>();
        for (int r = 0; r < ruleCount; r++) rules["r" + r] = Expr(3, ruleCount);
        return new GrammarDefinition(rules, "r0");
    }

    private GrammarExpr Expr(int depth, int ruleCount)
    {
        int kind = depth == 0 ? _random.Next(3) : _random.Next(7);
        return kind switch
        {
            0 => LiteralExpr.Text(string.Concat(Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick()))),
            1 => Class(),
            2 => _random.Next(3) == 0 ? new RuleRefExpr("r" + _random.Next(ruleCount)) : LiteralExpr.Text(Pick()),
            3 => new SequenceExpr(Enumerable.Range(0, _random.Next(2, 4)).Select(_ => Expr(depth - 1, ruleCount)).ToList()),
            4 => new ChoiceExpr(Enumerable.Range(0, _random.Next(2, 4)).Select(_ => Expr(depth - 1, ruleCount)).ToList()),
            5 => new RepeatExpr(Expr(depth - 1, ruleCount), _random.Next(2), _random.Next(3) == 0 ? null : _random.Next(1, 3)),
            // Brackets around a reference: recursion that consumes input first (never left-recursive).
            _ => new SequenceExpr([LiteralExpr.Text("["), new RuleRefExpr("r" + _random.Next(ruleCount)), LiteralExpr.Text("]")]),
        };
    }

    private CharClassExpr Class()
    {
        var scalars = Alphabet.Where(_ => _random.Next(2) == 0).Select(c => char.ConvertToUtf32(c, 0)).Order().ToList();
        if (scalars.Count == 0) scalars.Add('a');
        return new CharClassExpr(scalars.Select(s => new CodeRange(s, s)).ToList());
    }

    private string Pick() => Alphabet[_random.Next(Alphabet.Length)];

    /// <summary>A random sentence of <paramref name="grammar"/>, or null when the derivation grew too long.</summary>
    public string? Sample(GrammarDefinition grammar)
    {
        var text = new StringBuilder();
        int budget = 60;
        return Sample(grammar, grammar.Rules[grammar.Start], text, ref budget) ? text.ToString() : null;
    }

    private bool Sample(GrammarDefinition grammar, GrammarExpr expr, StringBuilder text, ref int budget)
    {
        if (--budget < 0) return false;
        switch (expr)
        {
            case LiteralExpr literal:
                text.Append(Encoding.UTF8.GetString(literal.Bytes));
                return true;
            case CharClassExpr chars:
                var range = chars.Ranges[_random.Next(chars.Ranges.Count)];
                text.Append(char.ConvertFromUtf32(_random.Next(range.First, range.Last + 1)));
                return true;
            case SequenceExpr sequence:
                foreach (var item in sequence.Items)
                    if (!Sample(grammar, item, text, ref budget)) return false;
                return true;
            case ChoiceExpr choice:
                return choice.Alternatives.Count > 0 && Sample(grammar, choice.Alternatives[_random.Next(choice.Alternatives.Count)], text, ref budget);
            case RepeatExpr repeat:
                int count = repeat.Min + _random.Next((repeat.Max ?? repeat.Min + 2) - repeat.Min + 1);
                for (int i = 0; i < count; i++)
                    if (!Sample(grammar, repeat.Item, text, ref budget)) return false;
                return true;
            case RuleRefExpr reference:
                return Sample(grammar, grammar.Rules[reference.Name], text, ref budget);
            default:
                throw new NotSupportedException(expr.GetType().Name);
        }
    }

    /// <summary>A random string over the alphabet (mostly not a sentence).</summary>
    public string RandomText() => string.Concat(Enumerable.Range(0, _random.Next(0, 7)).Select(_ => Pick()));
}
