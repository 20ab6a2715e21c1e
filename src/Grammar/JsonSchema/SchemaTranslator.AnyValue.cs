using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>The unconstrained JSON value (schema <c>true</c>), as shared recursive rules.</summary>
internal sealed partial class SchemaTranslator
{
    private const string AnyValueRule = "json_value";

    private GrammarExpr AnyValue()
    {
        if (!_rules.ContainsKey(AnyValueRule))
        {
            var value = new RuleRefExpr(AnyValueRule);
            var member = Expr.Seq(JsonStringGrammar.OfLength(0, null), _ws, Expr.Text(":"), _ws, value);
            var obj = Expr.Seq(Expr.Text("{"), _ws, Expr.Opt(Expr.Seq(member, Expr.Repeat(Expr.Seq(_comma, member), 0, null))), _ws, Expr.Text("}"));
            var arr = Expr.Seq(Expr.Text("["), _ws, Expr.Opt(Expr.Seq(value, Expr.Repeat(Expr.Seq(_comma, value), 0, null))), _ws, Expr.Text("]"));
            _rules[AnyValueRule] = Expr.Or(obj, arr, JsonStringGrammar.OfLength(0, null), AnyNumber,
                Expr.Text("true"), Expr.Text("false"), Expr.Text("null"));
        }
        return new RuleRefExpr(AnyValueRule);
    }
}
