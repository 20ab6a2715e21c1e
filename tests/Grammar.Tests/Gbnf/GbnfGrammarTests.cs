using Xunit;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;

namespace LlmLang.Grammar.Tests.Gbnf;

public class GbnfGrammarTests
{
    private static bool Matches(GrammarDefinition grammar, string text) =>
        IrRecognizer.Matches(grammar.Rules[grammar.Start], grammar.Rules, text);

    [Theory]
    [InlineData("""{"a":[1,-2.5e3,true,null,"x\"y\u00e9"],"b":{}}""", true)]
    [InlineData(""" [ 1 , 2 ] """, true)]
    [InlineData("\"é😀\"", true)]
    [InlineData("[1,]", false)]
    [InlineData("01", false)]
    [InlineData("{\"a\" 1}", false)]
    [InlineData("\"tab\there\"", false)]
    [InlineData("nul", false)]
    public void BuiltInJsonGrammar(string text, bool expected) =>
        Assert.Equal(expected, Matches(GbnfGrammar.Parse(GbnfGrammar.Json), text));

    [Fact]
    public void DialectFeatures()
    {
        var grammar = GbnfGrammar.Parse("""
            # a comment line
            root ::= greeting ( ", " name ){1,2} "!"?   # trailing comment
            greeting ::= "hi" | "h\x65llo"
              | "\u00e9t\U0001F600"
            name ::= [A-Z] [a-z-]* | .
            """);
        Assert.True(Matches(grammar, "hello, Bob!"));
        Assert.True(Matches(grammar, "hi, Al, x"));
        Assert.True(Matches(grammar, "ét😀, Jean-luc"));
        Assert.False(Matches(grammar, "hi"));
        Assert.False(Matches(grammar, "hi, A, B, C"));
        Assert.False(Matches(grammar, "hey, Bob"));
    }

    [Fact]
    public void NegatedClassesAndEscapesInClasses()
    {
        var grammar = GbnfGrammar.Parse("root ::= [^\\]\\n\"]+ \"]\"");
        Assert.True(Matches(grammar, "ab]"));
        Assert.False(Matches(grammar, "a]]"));
        Assert.False(Matches(grammar, "a\n]"));
    }

    [Theory]
    [InlineData("root ::= \"a\"\nfoo ::= bar", "line 2, column 9", "undefined rule 'bar'")]
    [InlineData("root ::= \"a\"\nroot ::= \"b\"", "line 2, column 1", "defined twice")]
    [InlineData("start ::= \"a\"", "", "no 'root' rule")]
    [InlineData("root ::= \"a", "line 1, column 12", "unexpected end of grammar")]
    [InlineData("root ::= [a-z", "line 1, column 14", "unexpected end of grammar")]
    [InlineData("root ::= (\"a\" | \"b\"\nx ::= \"c\"", "line 2", "unexpected")]
    [InlineData("root = \"a\"", "line 1, column 6", "unexpected '='")]
    [InlineData("root ::= \"a\" )", "line 1, column 14", "unexpected ')'")]
    [InlineData("root ::= \"\\x4g\"", "line 1, column 14", "unexpected 'g'")]
    public void ErrorsNameLineAndColumn(string text, string where, string what)
    {
        var e = Assert.Throws<GrammarException>(() => GbnfGrammar.Parse(text));
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void RecursiveRulesStayReferences()
    {
        var grammar = GbnfGrammar.Parse("root ::= \"(\" root \")\" | \"x\"");
        Assert.True(Matches(grammar, "((x))"));
        Assert.False(Matches(grammar, "((x)"));
    }
}
