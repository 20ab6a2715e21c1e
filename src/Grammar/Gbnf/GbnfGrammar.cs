using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using Pidgin;

namespace LlmLang.Grammar.Gbnf;

/// <summary>
/// llama.cpp's GBNF dialect to IR: <c>name ::= alternatives</c> rules (start rule <c>root</c>), <c>"strings"</c>,
/// character classes <c>[a-z]</c> / <c>[^...]</c>, <c>.</c> (any character), groups, <c>|</c>, <c>* + ? {m} {m,} {m,n}</c>,
/// <c>#</c> comments, rule references and the escapes <c>\n \r \t \\ \" \[ \] \xHH \uHHHH \UHHHHHHHH</c> (code points,
/// as llama.cpp reads them). A rule continues over line breaks until the next <c>name ::=</c>.
/// </summary>
public static class GbnfGrammar
{
    /// <summary>The built-in JSON grammar: any JSON value, whitespace between tokens capped at 16 characters.</summary>
    public const string Json = """
        root   ::= ws value ws
        value  ::= object | array | string | number | "true" | "false" | "null"
        object ::= "{" ws ( member ( ws "," ws member )* ws )? "}"
        member ::= string ws ":" ws value
        array  ::= "[" ws ( value ( ws "," ws value )* ws )? "]"
        string ::= "\"" ( [^"\\\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F]{4} ) )* "\""
        number ::= "-"? ( "0" | [1-9] [0-9]* ) ( "." [0-9]+ )? ( [eE] [-+]? [0-9]+ )?
        ws     ::= [ \t\n\r]{0,16}
        """;

    /// <summary>Parses GBNF text into a grammar whose start rule is <c>root</c>.</summary>
    /// <exception cref="GrammarException">A syntax error, a duplicate or undefined rule, or no <c>root</c> (with line and column).</exception>
    public static GrammarDefinition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = GbnfSyntax.Grammar.Parse(text);
        if (!result.Success)
        {
            var error = result.Error!;
            string found = error.EOF ? "end of grammar" : error.Unexpected.HasValue ? $"'{error.Unexpected.Value}'" : "input";
            string expected = string.Join(", ", error.Expected.Select(e => e.ToString()).Where(e => e.Length > 0).Distinct().Take(5));
            throw new GrammarException($"GBNF line {error.ErrorPos.Line}, column {error.ErrorPos.Col}: unexpected {found}"
                + (expected.Length > 0 ? $", expected {expected}" : ""));
        }
        var rules = new Dictionary<string, GrammarExpr>();
        foreach (var rule in result.Value)
        {
            if (!rules.TryAdd(rule.Name, rule.Body))
                throw new GrammarException($"GBNF line {rule.Pos.Line}, column {rule.Pos.Col}: rule '{rule.Name}' is defined twice");
        }
        foreach (var rule in result.Value)
        foreach (var (name, pos) in rule.References)
            if (!rules.ContainsKey(name))
                throw new GrammarException($"GBNF line {pos.Line}, column {pos.Col}: undefined rule '{name}'");
        if (!rules.ContainsKey("root")) throw new GrammarException("GBNF: no 'root' rule (the start rule)");
        return new GrammarDefinition(rules, "root");
    }
}
