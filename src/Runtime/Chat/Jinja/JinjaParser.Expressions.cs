namespace LlmLang.Runtime.Chat.Jinja;

// Expressions, by Jinja's precedence (lowest first): conditional, or, and, not, comparisons (in, not in),
// + -, ~, * / // %, **, unary - +, then primaries with postfix . [] () and filter/test chains | is.
internal sealed partial class JinjaParser
{
    private static readonly string[] ComparisonOperators = ["==", "!=", "<", ">", "<=", ">="];

    private Expr ParseExpression()
    {
        Enter();
        try
        {
            Expr value = ParseOr();
            while (Current.IsName("if"))
            {
                JinjaToken keyword = Advance();
                Expr condition = ParseOr();
                Expr? otherwise = null;
                if (Current.IsName("else"))
                {
                    Advance();
                    otherwise = ParseExpression();
                }
                value = new ConditionalExpr(condition, value, otherwise, keyword.Position);
            }
            return value;
        }
        finally
        {
            _nesting--;
        }
    }

    private void Enter()
    {
        if (++_nesting > MaxNesting) throw Error(Current, "expression nested too deeply");
    }

    private Expr ParseOr() => ParseLeftAssociative(ParseAnd, t => t.IsName("or"));

    private Expr ParseAnd() => ParseLeftAssociative(ParseNot, t => t.IsName("and"));

    private Expr ParseNot()
    {
        if (!Current.IsName("not")) return ParseCompare();
        JinjaToken keyword = Advance();
        Enter();
        try
        {
            return new UnaryExpr("not", ParseNot(), keyword.Position);
        }
        finally
        {
            _nesting--;
        }
    }

    private Expr ParseCompare()
    {
        Expr first = ParseMath1();
        var rest = new List<KeyValuePair<string, Expr>>();
        while (true)
        {
            string op;
            if (Current.Kind == TokenKind.Operator && ComparisonOperators.Contains(Current.Text)) op = Advance().Text;
            else if (Current.IsName("in")) op = Advance().Text;
            else if (Current.IsName("not") && Peek().IsName("in"))
            {
                Advance();
                Advance();
                op = "not in";
            }
            else break;
            rest.Add(new(op, ParseMath1()));
        }
        return rest.Count == 0 ? first : new CompareExpr(first, rest, first.Position);
    }

    private Expr ParseMath1() => ParseLeftAssociative(ParseConcat, t => t.IsOperator("+") || t.IsOperator("-"));

    private Expr ParseConcat() => ParseLeftAssociative(ParseMath2, t => t.IsOperator("~"));

    private Expr ParseMath2() =>
        ParseLeftAssociative(ParsePow, t => t.IsOperator("*") || t.IsOperator("/") || t.IsOperator("//") || t.IsOperator("%"));

    private Expr ParsePow() => ParseLeftAssociative(() => ParseUnary(withFilter: true), t => t.IsOperator("**"));

    private Expr ParseLeftAssociative(Func<Expr> operand, Func<JinjaToken, bool> isOperator)
    {
        Expr left = operand();
        while (isOperator(Current))
        {
            JinjaToken op = Advance();
            left = new BinaryExpr(op.Text, left, operand(), op.Position);
        }
        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        Enter();
        try
        {
            Expr node;
            if (Current.IsOperator("-") || Current.IsOperator("+"))
            {
                JinjaToken sign = Advance();
                node = new UnaryExpr(sign.Text, ParseUnary(withFilter: false), sign.Position);
            }
            else node = ParsePrimary();
            node = ParsePostfix(node);
            return withFilter ? ParseFilters(node) : node;
        }
        finally
        {
            _nesting--;
        }
    }

    private Expr ParsePrimary()
    {
        JinjaToken token = Advance();
        switch (token.Kind)
        {
            case TokenKind.Name:
                return token.Text switch
                {
                    "true" or "True" => new LiteralExpr(true, token.Position),
                    "false" or "False" => new LiteralExpr(false, token.Position),
                    "none" or "None" => new LiteralExpr(null, token.Position),
                    _ => new NameExpr(token.Text, token.Position),
                };
            case TokenKind.String:
                string text = (string)token.Value!;
                while (Current.Kind == TokenKind.String) text += (string)Advance().Value!;
                return new LiteralExpr(text, token.Position);
            case TokenKind.Integer or TokenKind.Float:
                return new LiteralExpr(token.Value, token.Position);
            case TokenKind.Operator when token.Text == "(":
                return ParseParenthesized(token);
            case TokenKind.Operator when token.Text == "[":
                return new ListExpr(ParseSequence("]"), token.Position);
            case TokenKind.Operator when token.Text == "{":
                return ParseDict(token);
            default:
                throw Error(token, $"unexpected {token.Describe()} where an expression was expected");
        }
    }

    private Expr ParseParenthesized(JinjaToken open)
    {
        if (Current.IsOperator(")"))
        {
            Advance();
            return new ListExpr([], open.Position, IsTuple: true);
        }
        Expr first = ParseExpression();
        if (Current.IsOperator(")"))
        {
            Advance();
            return first;
        }
        Expect(TokenKind.Operator, ",");
        var items = new List<Expr> { first };
        items.AddRange(ParseSequence(")"));
        return new ListExpr(items, open.Position, IsTuple: true);
    }

    private List<Expr> ParseSequence(string close)
    {
        var items = new List<Expr>();
        while (!Current.IsOperator(close))
        {
            if (items.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator(close)) break;
            }
            items.Add(ParseExpression());
        }
        Advance();
        return items;
    }

    private DictExpr ParseDict(JinjaToken open)
    {
        var pairs = new List<KeyValuePair<Expr, Expr>>();
        while (!Current.IsOperator("}"))
        {
            if (pairs.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator("}")) break;
            }
            Expr key = ParseExpression();
            Expect(TokenKind.Operator, ":");
            pairs.Add(new(key, ParseExpression()));
        }
        Advance();
        return new DictExpr(pairs, open.Position);
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            JinjaToken token = Current;
            if (token.IsOperator("."))
            {
                Advance();
                JinjaToken member = Advance();
                node = member.Kind switch
                {
                    TokenKind.Name => new AttributeExpr(node, member.Text, member.Position),
                    TokenKind.Integer => new IndexExpr(node, new LiteralExpr(member.Value, member.Position), member.Position),
                    _ => throw Error(member, $"expected an attribute name after '.', found {member.Describe()}"),
                };
            }
            else if (token.IsOperator("[")) node = ParseSubscript(node, Advance());
            else if (token.IsOperator("(")) node = new CallExpr(node, ParseArguments(), token.Position);
            else return node;
        }
    }

    private Expr ParseSubscript(Expr target, JinjaToken open)
    {
        Expr? start = Current.IsOperator(":") ? null : ParseExpression();
        if (Current.IsOperator("]") && start is not null)
        {
            Advance();
            return new IndexExpr(target, start, open.Position);
        }
        Expect(TokenKind.Operator, ":");
        Expr? stop = Current.IsOperator(":") || Current.IsOperator("]") ? null : ParseExpression();
        Expr? step = null;
        if (Current.IsOperator(":"))
        {
            Advance();
            if (!Current.IsOperator("]")) step = ParseExpression();
        }
        Expect(TokenKind.Operator, "]");
        return new SliceExpr(target, start, stop, step, open.Position);
    }

    private Expr ParseFilters(Expr node)
    {
        while (true)
        {
            JinjaToken token = Current;
            if (token.IsOperator("|"))
            {
                Advance();
                JinjaToken name = ExpectName();
                if (!JinjaFilters.Exists(name.Text)) throw Error(name, $"unknown filter '{name.Text}'");
                Arguments arguments = Current.IsOperator("(") ? ParseArguments() : Arguments.None;
                node = new FilterExpr(node, name.Text, arguments, name.Position);
            }
            else if (token.IsName("is")) node = ParseTest(node, Advance());
            else if (token.IsOperator("(")) node = new CallExpr(node, ParseArguments(), token.Position);
            else return node;
        }
    }

    private TestExpr ParseTest(Expr value, JinjaToken keyword)
    {
        bool negated = false;
        if (Current.IsName("not"))
        {
            Advance();
            negated = true;
        }
        JinjaToken name = Advance();
        string testName = name.Kind == TokenKind.Name ? name.Text
            : name.Kind == TokenKind.Operator && ComparisonOperators.Contains(name.Text) ? name.Text
            : throw Error(name, $"expected a test name after 'is', found {name.Describe()}");
        if (!JinjaTests.Exists(testName)) throw Error(name, $"unknown test '{testName}'");
        Arguments arguments = Arguments.None;
        if (Current.IsOperator("(")) arguments = ParseArguments();
        else if (StartsBareTestArgument(Current))
            arguments = new Arguments([ParsePostfix(ParsePrimary())], []);
        return new TestExpr(value, testName, arguments, negated, keyword.Position);
    }

    // "x is divisibleby 3": a test may take one argument without parentheses.
    private static bool StartsBareTestArgument(JinjaToken token) =>
        token.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Float
        || token.IsOperator("[") || token.IsOperator("{")
        || (token.Kind == TokenKind.Name && token.Text is not ("else" or "or" or "and" or "if" or "in" or "not" or "is"));

    private Arguments ParseArguments()
    {
        Expect(TokenKind.Operator, "(");
        var positional = new List<Expr>();
        var named = new List<KeyValuePair<string, Expr>>();
        while (!Current.IsOperator(")"))
        {
            if (positional.Count + named.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator(")")) break;
            }
            if (Current.IsOperator("*") || Current.IsOperator("**")) throw Error(Current, "*args and **kwargs are not supported");
            if (Current.Kind == TokenKind.Name && Peek().IsOperator("="))
            {
                string name = Advance().Text;
                Advance();
                named.Add(new(name, ParseExpression()));
            }
            else if (named.Count > 0) throw Error(Current, "a positional argument follows a keyword argument");
            else positional.Add(ParseExpression());
        }
        Advance();
        return new Arguments(positional, named);
    }
}
