namespace LlmLang.Runtime.Chat.Jinja;

internal sealed partial class JinjaRenderer
{
    private object? Evaluate(Expr expression, JinjaScope scope)
    {
        try
        {
            return EvaluateCore(expression, scope);
        }
        catch (Exception e) when (ToTemplateException(e, expression.Position) is { } error)
        {
            throw error;
        }
    }

    private object? EvaluateCore(Expr expression, JinjaScope scope) => expression switch
    {
        LiteralExpr literal => literal.Value,
        NameExpr name => scope.Lookup(name.Name),
        ListExpr { IsTuple: true } tuple => new JinjaTuple(tuple.Items.Select(item => Evaluate(item, scope))),
        ListExpr list => list.Items.Select(item => Evaluate(item, scope)).ToList(),
        DictExpr dict => EvaluateDict(dict, scope),
        AttributeExpr attribute => JinjaMembers.Attribute(Evaluate(attribute.Target, scope), attribute.Name),
        IndexExpr index => JinjaMembers.Item(Evaluate(index.Target, scope), Evaluate(index.Index, scope)),
        SliceExpr slice => JinjaMembers.Slice(Evaluate(slice.Target, scope), Optional(slice.Start, scope), Optional(slice.Stop, scope), Optional(slice.Step, scope)),
        CallExpr call => Call(Evaluate(call.Callee, scope), EvaluateArguments(call.Arguments, scope)),
        FilterExpr filter => JinjaFilters.Apply(filter.Name, Evaluate(filter.Value, scope), EvaluateArguments(filter.Arguments, scope)),
        TestExpr test => JinjaTests.Apply(test.Name, Evaluate(test.Value, scope), EvaluateArguments(test.Arguments, scope)) != test.Negated,
        UnaryExpr { Operator: "not" } not => !JinjaValues.IsTrue(Evaluate(not.Operand, scope)),
        UnaryExpr { Operator: "-" } negate => JinjaOperators.Negate(Evaluate(negate.Operand, scope)),
        UnaryExpr plus => Evaluate(plus.Operand, scope) is var v && JinjaValues.IsNumber(v) ? v
            : throw new JinjaError($"bad operand type for unary +: '{JinjaValues.TypeName(v)}'"),
        BinaryExpr { Operator: "and" } and => Evaluate(and.Left, scope) is var l && JinjaValues.IsTrue(l) ? Evaluate(and.Right, scope) : l,
        BinaryExpr { Operator: "or" } or => Evaluate(or.Left, scope) is var l && JinjaValues.IsTrue(l) ? l : Evaluate(or.Right, scope),
        BinaryExpr binary => JinjaOperators.Binary(binary.Operator, Evaluate(binary.Left, scope), Evaluate(binary.Right, scope)),
        CompareExpr compare => EvaluateComparison(compare, scope),
        ConditionalExpr conditional => JinjaValues.IsTrue(Evaluate(conditional.Condition, scope)) ? Evaluate(conditional.Then, scope)
            : conditional.Otherwise is null ? new JinjaUndefined("the conditional expression has no else branch")
            : Evaluate(conditional.Otherwise, scope),
        _ => throw new JinjaError($"cannot evaluate {expression.GetType().Name}"),
    };

    private object? Optional(Expr? expression, JinjaScope scope) => expression is null ? null : Evaluate(expression, scope);

    private JinjaDict EvaluateDict(DictExpr dict, JinjaScope scope)
    {
        var result = new JinjaDict();
        foreach (KeyValuePair<Expr, Expr> pair in dict.Pairs)
        {
            object? key = Evaluate(pair.Key, scope);
            result[key as string ?? throw new JinjaError($"dict keys must be strings here, not {JinjaValues.TypeName(key)}")] = Evaluate(pair.Value, scope);
        }
        return result;
    }

    private bool EvaluateComparison(CompareExpr compare, JinjaScope scope)
    {
        object? left = Evaluate(compare.First, scope);
        foreach (KeyValuePair<string, Expr> link in compare.Rest)
        {
            object? right = Evaluate(link.Value, scope);
            if (!JinjaOperators.Compare(link.Key, left, right)) return false;
            left = right;
        }
        return true;
    }

    private JinjaArguments EvaluateArguments(Arguments arguments, JinjaScope scope) =>
        arguments.Positional.Count == 0 && arguments.Named.Count == 0 ? JinjaArguments.Empty
        : new JinjaArguments(
            arguments.Positional.Select(a => Evaluate(a, scope)).ToList(),
            arguments.Named.Select(n => new KeyValuePair<string, object?>(n.Key, Evaluate(n.Value, scope))).ToList());

    private static object? Call(object? callee, JinjaArguments arguments) => callee switch
    {
        JinjaCallable function => function.Invoke(arguments),
        JinjaUndefined undefined => throw undefined.Fail("it cannot be called"),
        _ => throw new JinjaError($"'{JinjaValues.TypeName(callee)}' object is not callable"),
    };
}
