using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// A state whose calls all qualify takes the entries of the rule starts it calls instead of walking into them: a tail
/// call's entry as it is, and for a call that returns into its caller, the callee's tokens plus its context-dependent
/// nodes read on into the frame the call returns to. Masks still equal a brute-force check of every token at every step,
/// with tokens that end a callee and go on in its caller (<c>1]]</c>, <c>"},{</c>): recursive values inside brackets and
/// objects, callee nodes read again from the callee's start, a chain of optional members (tail calls), and a schema
/// that refers to itself.
/// </summary>
public sealed class EntryCompositionTests
{
    private static readonly TokenVocabulary Vocabulary = SmallVocabulary.OfBytesAnd("entry-composition",
        new[] { "\"}", "1}", "\"]", "]}", "\"},{", "1]]", "]]", "\":", "\":[", "[\"", "{\"k\":", "ab\"", "\",", "1,", ",\"", "},{", "}]}", "[1]]", "[1],", "[[1]]}", "[\"ab\"]}", "a[b", "a[a]]", "a}", "a[", "a]}" }
            .Select(Encoding.UTF8.GetBytes));

    private const string RecursiveValues = """
        root ::= "[" item ("," item)* "]"
        item ::= "{\"k\":" val "}"
        val ::= str | "[" val ("," val)* "]" | num
        str ::= "\"" [a-z]* "\""
        num ::= [0-9]+
        """;

    [Theory]
    [InlineData("[{\"k\":\"ab\"},{\"k\":[1,[[\"a\"]],\"b\"]}]")]
    [InlineData("[{\"k\":1},{\"k\":[[1]]},{\"k\":\"\"}]")]
    [InlineData("[{\"k\":[\"ab\",[11,\"ab\"],1]}]")]
    public void Calls_returning_into_their_caller(string text)
    {
        var grammar = GrammarCompiler.Compile(GbnfGrammar.Parse(RecursiveValues), Vocabulary);
        Assert.Contains(grammar.Automaton.CallTarget, target => !grammar.Automaton.OnlyReturns[target]);
        MatcherDifferentialTests.ForceDecode(grammar, text, "recursive values");
    }

    // After `a` the callee may end (its walk touches unknown context) or open a bracket: a token refused inside the
    // bracket (`a[b`) is left to the whole prefix, read again from the callee's start over the frame it returns to.
    [Theory]
    [InlineData("{a},{a[a[a]]}")]
    [InlineData("{a[a]}")]
    public void Callee_nodes_read_again_from_the_callee_start(string text)
    {
        var grammar = GrammarCompiler.Compile(GbnfGrammar.Parse("""
            root ::= "{" val "}" ("," "{" val "}")*
            val ::= "a" | "a" "[" val "]"
            """), Vocabulary);
        MatcherDifferentialTests.ForceDecode(grammar, text, "callee prefixes");
    }

    [Theory]
    [InlineData("{\"p1\":{\"name\":\"ab\",\"size\":12},\"p7\":{\"on\":true},\"flag\":false}")]
    [InlineData("{\"p0\":{},\"p1\":{\"on\":false},\"p29\":{\"size\":1}}")]
    [InlineData("{}")]
    public void Tail_calls_along_a_chain_of_optional_members(string text)
    {
        var properties = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"p{i}\":{{\"$ref\":\"#/$defs/item\"}}"));
        const string item = """
            {"type":"object","properties":{"name":{"type":"string","pattern":"^[a-z]+$"},
             "size":{"type":"integer","minimum":1,"maximum":5000},"on":{"type":"boolean"}},"additionalProperties":false}
            """;
        var schema = "{\"type\":\"object\",\"$defs\":{\"item\":" + item + "},\"properties\":{" + properties
            + ",\"flag\":{\"type\":\"boolean\"}},\"additionalProperties\":false}";
        var grammar = GrammarCompiler.Compile(JsonSchemaCompiler.Compile(schema).Grammar, Vocabulary);
        Assert.Contains(grammar.Automaton.CallTarget, target => grammar.Automaton.OnlyReturns[target]);
        MatcherDifferentialTests.ForceDecode(grammar, text, "optional members");
    }

    [Theory]
    [InlineData("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[]},{\"children\":[{}]}]}")]
    [InlineData("{\"children\":[{\"children\":[{\"children\":[{\"name\":\"ab\"}]}]}]}")]
    public void A_recursive_schema(string text)
    {
        const string schema = """
            {"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}},
             "additionalProperties":false}
            """;
        var grammar = GrammarCompiler.Compile(JsonSchemaCompiler.Compile(schema).Grammar, Vocabulary);
        Assert.NotEmpty(grammar.Automaton.CallRule);
        MatcherDifferentialTests.ForceDecode(grammar, text, "recursive schema");
    }
}
