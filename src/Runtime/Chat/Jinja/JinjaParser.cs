namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>Parses tokens into the statement tree. Unknown tags, filters and tests are reported here, with their
/// position, even in branches a render would never reach (as Jinja does at compile time).</summary>
internal sealed partial class JinjaParser
{
    private const int MaxNesting = 100;

    private readonly IReadOnlyList<JinjaToken> _tokens;
    private int _index;
    private int _nesting;
    private int _loopDepth;

    private JinjaParser(IReadOnlyList<JinjaToken> tokens) => _tokens = tokens;

    public static IReadOnlyList<Stmt> Parse(string template)
    {
        var parser = new JinjaParser(JinjaLexer.Tokenize(template));
        IReadOnlyList<Stmt> body = parser.ParseBody(null, []);
        return body;
    }

    private JinjaToken Current => _tokens[_index];

    private JinjaToken Peek(int ahead = 1) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private JinjaToken Advance() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    /// <summary>Statements up to one of <paramref name="endTags"/>; leaves the stream after that tag's name and returns it.</summary>
    private IReadOnlyList<Stmt> ParseBody(JinjaToken? opener, string[] endTags) => ParseBody(opener, endTags, out _);

    private IReadOnlyList<Stmt> ParseBody(JinjaToken? opener, string[] endTags, out string endTag)
    {
        var body = new List<Stmt>();
        while (true)
        {
            JinjaToken token = Advance();
            switch (token.Kind)
            {
                case TokenKind.Text:
                    body.Add(new TextStmt((string)token.Value!, token.Position));
                    break;
                case TokenKind.OutputBegin:
                    body.Add(new OutputStmt(ParseExpression(), token.Position));
                    Expect(TokenKind.OutputEnd);
                    break;
                case TokenKind.BlockBegin:
                    JinjaToken name = Advance();
                    if (name.Kind != TokenKind.Name) throw Error(name, $"expected a tag name after '{{%', found {name.Describe()}");
                    if (endTags.Contains(name.Text))
                    {
                        endTag = name.Text;
                        return body;
                    }
                    body.Add(ParseStatement(name));
                    break;
                case TokenKind.EndOfTemplate:
                    if (opener is null)
                    {
                        endTag = "";
                        return body;
                    }
                    throw Error(opener, $"'{{% {opener.Text} %}}' is never closed (expected {string.Join(" or ", endTags.Select(t => $"'{{% {t} %}}'"))})");
                default:
                    throw Error(token, $"unexpected {token.Describe()}");
            }
        }
    }

    private Stmt ParseStatement(JinjaToken tag)
    {
        if (++_nesting > MaxNesting) throw Error(tag, "blocks nested too deeply");
        try
        {
            return tag.Text switch
            {
                "if" => ParseIf(tag),
                "for" => ParseFor(tag),
                "set" => ParseSet(tag),
                "macro" => ParseMacro(tag),
                "filter" => ParseFilterBlock(tag),
                "break" or "continue" => ParseLoopControl(tag),
                "generation" => ParseGeneration(tag),
                "elif" or "else" or "endif" or "endfor" or "endset" or "endmacro" or "endfilter" or "endgeneration"
                    => throw Error(tag, $"unexpected '{{% {tag.Text} %}}' with no matching opening tag"),
                _ => throw Error(tag, $"unknown or unsupported tag '{tag.Text}'"),
            };
        }
        finally
        {
            _nesting--;
        }
    }

    private IfStmt ParseIf(JinjaToken tag)
    {
        var branches = new List<KeyValuePair<Expr, IReadOnlyList<Stmt>>>();
        IReadOnlyList<Stmt>? otherwise = null;
        Expr condition = ParseExpression();
        while (true)
        {
            ExpectBlockEnd();
            IReadOnlyList<Stmt> body = ParseBody(tag, ["elif", "else", "endif"], out string end);
            branches.Add(new(condition, body));
            if (end == "endif") break;
            if (end == "else")
            {
                ExpectBlockEnd();
                otherwise = ParseBody(tag, ["endif"]);
                break;
            }
            condition = ParseExpression();
        }
        ExpectBlockEnd();
        return new IfStmt(branches, otherwise, tag.Position);
    }

    private ForStmt ParseFor(JinjaToken tag)
    {
        Expr target = ParseTarget(allowAttribute: false);
        ExpectName("in");
        Expr iterable = ParseOr();
        Expr? filter = null;
        if (Current.IsName("if"))
        {
            Advance();
            filter = ParseExpression();
        }
        if (Current.IsName("recursive")) throw Error(Current, "recursive loops are not supported");
        ExpectBlockEnd();
        _loopDepth++;
        IReadOnlyList<Stmt> body = ParseBody(tag, ["else", "endfor"], out string end);
        _loopDepth--;
        IReadOnlyList<Stmt>? otherwise = null;
        if (end == "else")
        {
            ExpectBlockEnd();
            otherwise = ParseBody(tag, ["endfor"]);
        }
        ExpectBlockEnd();
        return new ForStmt(target, iterable, filter, body, otherwise, tag.Position);
    }

    private Stmt ParseSet(JinjaToken tag)
    {
        Expr target = ParseTarget(allowAttribute: true);
        if (Current.Kind == TokenKind.BlockEnd)
        {
            if (target is not NameExpr name) throw Error(tag, "a '{% set %}' block needs a plain variable name");
            Advance();
            IReadOnlyList<Stmt> body = ParseBody(tag, ["endset"]);
            ExpectBlockEnd();
            return new SetBlockStmt(name.Name, body, tag.Position);
        }
        Expect(TokenKind.Operator, "=");
        Expr value = ParseExpression();
        if (Current.IsOperator(","))
        {
            var items = new List<Expr> { value };
            while (Current.IsOperator(","))
            {
                Advance();
                items.Add(ParseExpression());
            }
            value = new ListExpr(items, value.Position, IsTuple: true);
        }
        ExpectBlockEnd();
        return new SetStmt(target, value, tag.Position);
    }

    private MacroStmt ParseMacro(JinjaToken tag)
    {
        string name = ExpectName().Text;
        Expect(TokenKind.Operator, "(");
        var parameters = new List<KeyValuePair<string, Expr?>>();
        while (!Current.IsOperator(")"))
        {
            if (parameters.Count > 0) Expect(TokenKind.Operator, ",");
            if (Current.IsOperator(")")) break;
            JinjaToken parameter = ExpectName();
            Expr? defaultValue = null;
            if (Current.IsOperator("="))
            {
                Advance();
                defaultValue = ParseExpression();
            }
            parameters.Add(new(parameter.Text, defaultValue));
        }
        Advance();
        ExpectBlockEnd();
        int loops = _loopDepth;
        _loopDepth = 0;
        IReadOnlyList<Stmt> body = ParseBody(tag, ["endmacro"]);
        _loopDepth = loops;
        ExpectBlockEnd();
        return new MacroStmt(name, parameters, body, tag.Position);
    }

    private FilterBlockStmt ParseFilterBlock(JinjaToken tag)
    {
        JinjaToken name = ExpectName();
        if (!JinjaFilters.Exists(name.Text)) throw Error(name, $"unknown filter '{name.Text}'");
        Arguments arguments = Current.IsOperator("(") ? ParseArguments() : Arguments.None;
        ExpectBlockEnd();
        IReadOnlyList<Stmt> body = ParseBody(tag, ["endfilter"]);
        ExpectBlockEnd();
        return new FilterBlockStmt(name.Text, arguments, body, tag.Position);
    }

    private LoopControlStmt ParseLoopControl(JinjaToken tag)
    {
        if (_loopDepth == 0) throw Error(tag, $"'{{% {tag.Text} %}}' outside a for loop");
        ExpectBlockEnd();
        return new LoopControlStmt(tag.Text == "break", tag.Position);
    }

    private BlockStmt ParseGeneration(JinjaToken tag)
    {
        ExpectBlockEnd();
        IReadOnlyList<Stmt> body = ParseBody(tag, ["endgeneration"]);
        ExpectBlockEnd();
        return new BlockStmt(body, tag.Position);
    }

    /// <summary>A name, a tuple of names, or (for <c>set</c>) <c>name.attribute</c>.</summary>
    private Expr ParseTarget(bool allowAttribute)
    {
        var names = new List<Expr>();
        do
        {
            if (names.Count > 0) Advance();
            JinjaToken name = ExpectName();
            Expr target = new NameExpr(name.Text, name.Position);
            if (allowAttribute && names.Count == 0 && Current.IsOperator("."))
            {
                Advance();
                target = new AttributeExpr(target, ExpectName().Text, name.Position);
                return target;
            }
            names.Add(target);
        }
        while (Current.IsOperator(","));
        return names.Count == 1 ? names[0] : new ListExpr(names, names[0].Position);
    }

    private void ExpectBlockEnd() => Expect(TokenKind.BlockEnd);

    private JinjaToken Expect(TokenKind kind, string? text = null)
    {
        JinjaToken token = Current;
        if (token.Kind != kind || (text is not null && token.Text != text))
        {
            string wanted = text is not null ? $"'{text}'" : new JinjaToken(kind, "", default).Describe();
            throw Error(token, $"expected {wanted}, found {token.Describe()}");
        }
        return Advance();
    }

    private JinjaToken ExpectName(string? text = null)
    {
        if (Current.Kind != TokenKind.Name || (text is not null && Current.Text != text))
            throw Error(Current, $"expected {(text is null ? "a name" : $"'{text}'")}, found {Current.Describe()}");
        return Advance();
    }

    private static ChatTemplateException Error(JinjaToken at, string reason) =>
        new(reason, at.Position.Line, at.Position.Column);
}
