using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// A byte run (<see cref="ByteRunExpr"/>, such as the whitespace between JSON tokens: at most N bytes from a set) is
/// lowered to one loop state; the determinizer keeps the count of run bytes read in a row in copies of the states it
/// enters, copying rows instead of building a set of NFA states per count. A run reads exactly its bound, runs that meet
/// share it, where runs do not meet the automaton is the one of the repetition a run stands for, masks equal a
/// brute-force check of every token, and a grammar where the run's bytes could also be read otherwise is refused.
/// </summary>
public class ByteRunTests
{
    // Tabs and spaces, sorted by byte.
    private static ByteRunExpr Blanks(int max) => new([new CodeRange('\t', '\t'), new CodeRange(' ', ' ')], max);

    private static GrammarExpr Seq(params GrammarExpr[] items) => new SequenceExpr(items);

    private static GrammarExpr Text(string text) => LiteralExpr.Text(text);

    // A value that may go on after each digit: its run begins in a state that a blank leaves.
    private static GrammarExpr Digits => new RepeatExpr(new ByteClassExpr([new CodeRange('0', '9')]), 1, null);

    private static readonly TokenVocabulary Vocabulary = SmallVocabulary.OfBytesAnd("byte-runs",
        new[] { " ", "  ", "   ", "    ", "\t ", " k", "k ", ": ", " :  ", "  }", " 1", "22 ", "{ ", "{\t\t", "}" }.Select(Encoding.UTF8.GetBytes));

    private static CompiledGrammar Compile(GrammarExpr expr) => GrammarCompiler.Compile(GrammarDefinition.FromExpr(expr), Vocabulary);

    private static bool Accepts(CompiledGrammar grammar, string text)
    {
        var matcher = grammar.CreateMatcher();
        return matcher.AcceptBytes(Encoding.UTF8.GetBytes(text)) && matcher.CanTerminate;
    }

    // Both the matcher and the IR recognizer.
    private static void AssertAccepts(GrammarExpr expr, string text, bool expected)
    {
        Assert.True(Accepts(Compile(expr), text) == expected, $"matcher on '{text}'");
        Assert.True(IrRecognizer.Matches(expr, new Dictionary<string, GrammarExpr>(), text) == expected, $"recognizer on '{text}'");
    }

    [Fact]
    public void A_run_reads_at_most_its_bound()
    {
        var grammar = Seq(Text("a"), Blanks(3), Text("b"));
        AssertAccepts(grammar, "ab", true);
        AssertAccepts(grammar, "a b", true);
        AssertAccepts(grammar, "a \t b", true);
        AssertAccepts(grammar, "a    b", false);
        AssertAccepts(grammar, "a\t\t\t\tb", false);
        AssertAccepts(grammar, "a x b", false);
        // The run begins where the digits might go on; its first blank leaves them.
        grammar = Seq(Text("["), Digits, Blanks(3), Text("]"));
        AssertAccepts(grammar, "[12   ]", true);
        AssertAccepts(grammar, "[12    ]", false);
    }

    [Fact]
    public void Runs_that_meet_share_the_bound()
    {
        // Without the x the two runs meet: three blanks in all, not six.
        var grammar = Seq(Text("a"), Blanks(3), new ChoiceExpr([Text(""), Text("x")]), Blanks(3), Text("b"));
        AssertAccepts(grammar, "a   b", true);
        AssertAccepts(grammar, "a    b", false);
        AssertAccepts(grammar, "a   x   b", true);
        AssertAccepts(grammar, "a   x    b", false);
    }

    [Fact]
    public void Where_runs_do_not_meet_the_automaton_is_the_repetitions()
    {
        GrammarExpr Object(Func<GrammarExpr> gap) => Seq(Text("{"), gap(), Text("k"), gap(), Text(":"), gap(),
            new ChoiceExpr([Text("1"), Text("22"), Seq(Text("x"), Digits)]), gap(), Text("}"));
        var runs = Compile(Object(() => Blanks(4)));
        var repetitions = Compile(Object(() => new RepeatExpr(new ByteClassExpr([new CodeRange('\t', '\t'), new CodeRange(' ', ' ')]), 0, 4)));
        Assert.Equal(repetitions.AutomatonStates, runs.AutomatonStates);
        string[] gaps = ["", " ", "\t ", "  \t", "    ", "     "];
        foreach (string first in gaps)
        foreach (string second in gaps)
        foreach (string third in gaps)
        foreach (string value in new[] { "1", "22", "2", "x0", "x123" })
        {
            string text = "{" + first + "k" + second + ":" + third + value + second + "}";
            Assert.True(Accepts(repetitions, text) == Accepts(runs, text), $"'{text}'");
        }
    }

    [Fact]
    public void Masks_equal_a_brute_force_check_of_every_token()
    {
        var grammar = Compile(Seq(Text("{"), Blanks(4), Text("k"), Blanks(4), Text(":"), Blanks(4),
            new ChoiceExpr([Text("1"), Text("22"), Digits]), Blanks(4), new ChoiceExpr([Text(""), Text(",")]), Blanks(4), Text("}")));
        foreach (string text in new[] { "{k:1}", "{ k : 1 }", "{    k:22    }", "{\t\t  k    :    1   }", "{  k: 1,  }", "{k:1    }", "{k:9 \t  }", "{k:221    ,    }" })
            MatcherDifferentialTests.ForceDecode(grammar, text, "byte runs");
    }

    [Fact]
    public void Copies_and_rollbacks_keep_the_count()
    {
        var matcher = Compile(Seq(Text("{"), Blanks(4), Text("}"))).CreateMatcher();
        Assert.True(matcher.AcceptBytes("{  "u8));
        var copy = matcher.Copy();
        Assert.True(copy.AcceptBytes("  "u8));
        Assert.False(copy.AcceptBytes(" "u8));
        Assert.True(matcher.AcceptBytes(" "u8));
        matcher.Rollback(1);
        Assert.True(matcher.AcceptBytes("  }"u8));
        Assert.True(matcher.CanTerminate);
    }

    [Fact]
    public void A_run_whose_bytes_are_also_read_otherwise_where_it_can_read_them_is_refused()
    {
        var grammar = new ChoiceExpr([Seq(Blanks(3), Text("b")), Text(" c")]);
        var error = Assert.Throws<GrammarException>(() => Compile(grammar));
        Assert.Contains("byte run", error.Message);
    }

    [Fact]
    public void The_runs_of_a_grammar_share_their_bytes_and_bound()
    {
        var error = Assert.Throws<GrammarException>(() => Compile(Seq(Blanks(3), Text("a"), Blanks(4))));
        Assert.Contains("same bytes and bound", error.Message);
        error = Assert.Throws<GrammarException>(() => Compile(Seq(Text("a"), Blanks(0))));
        Assert.Contains("at least 1", error.Message);
    }

    [Fact]
    public void Flexible_json_whitespace_is_a_run_of_at_most_the_options_bound()
    {
        const string schema = """
            {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"array","items":{"type":"string"}}},"required":["a"]}
            """;
        var options = new JsonSchemaOptions(Whitespace: JsonWhitespace.Flexible, MaxWhitespace: 4);
        var compiled = GrammarCompiler.Compile(JsonSchemaCompiler.Compile(schema, options).Grammar, Vocabulary);
        Assert.True(Accepts(compiled, "{ \"a\" : 1 , \"b\" : [ \"x\" , \"y\" ] }"));
        Assert.True(Accepts(compiled, "{\n \"a\": 1,\n \"b\": [\n   \"x\"\n ]\n}"));
        Assert.False(Accepts(compiled, "{\n \"a\": 1,\n \"b\": [\n    \"x\"\n ]\n}"));
        Assert.True(Accepts(compiled, "{\"a\":    1}"));
        Assert.False(Accepts(compiled, "{\"a\":     1}"));
        Assert.True(Accepts(compiled, "{\"a\":12    }"));
        Assert.False(Accepts(compiled, "{\"a\":12     }"));
        // An empty array's two gaps meet: four whitespace characters in all.
        Assert.True(Accepts(compiled, "{\"a\":1,\"b\":[ \t\r\n]}"));
        Assert.False(Accepts(compiled, "{\"a\":1,\"b\":[     ]}"));
    }
}
