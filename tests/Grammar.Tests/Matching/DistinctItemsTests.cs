using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Matching;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// <c>uniqueItems</c> on strings is not regular: the array's parser frame records the strings written and refuses a
/// closing quote that repeats one. Where the strings are finitely many (an enum), it also refuses every byte after
/// which the array could no longer be finished with distinct strings, so a decoder never reaches a dead end. Masks
/// must equal a brute-force check of every token (the cached masks leave these decisions to the real stack).
/// </summary>
public class DistinctItemsTests
{
    // Tokens that cross the item boundaries: a closing quote with the next opening, whole short items.
    private static readonly TokenVocabulary Vocabulary = SmallVocabulary.OfBytesAnd("distinct",
        new[] { "\",\"", "\"a\"", "\"b\"", "ab", "a\"", "b\",", "[\"", "\"]", "\\\"" }.Select(Encoding.UTF8.GetBytes));

    private static CompiledGrammar Compile(string schema) =>
        GrammarCompiler.Compile(JsonSchemaCompiler.Compile(schema).Grammar, Vocabulary);

    [Theory]
    [InlineData("""{"type":"array","uniqueItems":true,"items":{"type":"string"}}""")]
    [InlineData("""{"type":"array","uniqueItems":true,"minItems":2,"items":{"type":"string","minLength":1}}""")]
    [InlineData("""{"type":"array","uniqueItems":true,"items":{"type":"string","pattern":"^[ab]+$"}}""")]
    public void Distinct_strings_decode_and_a_repeat_is_refused_at_its_closing_quote(string schema)
    {
        var grammar = Compile(schema);
        MatcherDifferentialTests.ForceDecode(grammar, "[\"a\",\"b\",\"ab\",\"ba\"]", schema);
        var matcher = grammar.CreateMatcher();
        Assert.True(matcher.AcceptBytes("[\"ab\",\"b\",\"ab"u8));
        var mask = new uint[grammar.MaskWords];
        matcher.FillNextTokenMask(mask);
        MatcherDifferentialTests.AssertMaskIsBruteForce(matcher, mask, schema);
        Assert.False(matcher.AcceptBytes("\""u8));
        Assert.True(matcher.AcceptBytes("a\"]"u8));
    }

    [Fact]
    public void Whitespace_between_the_strings_is_allowed_where_the_options_allow_it()
    {
        var definition = JsonSchemaCompiler.Compile("""{"type":"array","uniqueItems":true,"items":{"type":"string"}}""",
            new JsonSchemaOptions(Whitespace: JsonWhitespace.Flexible)).Grammar;
        var grammar = GrammarCompiler.Compile(definition, Vocabulary);
        MatcherDifferentialTests.ForceDecode(grammar, "[ \"a\" ,\n \"b\" ]", "flexible whitespace");
        Assert.False(grammar.CreateMatcher().AcceptBytes("[ \"a\" , \"a\""u8));
    }

    [Fact]
    public void Escaped_quotes_are_part_of_the_string_not_its_end()
    {
        var grammar = Compile("""{"type":"array","uniqueItems":true,"items":{"type":"string"}}""");
        MatcherDifferentialTests.ForceDecode(grammar, "[\"a\\\"\",\"a\"]", "escaped quote");
        var matcher = grammar.CreateMatcher();
        Assert.False(matcher.AcceptBytes("[\"a\\\"\",\"a\\\"\""u8));
    }

    [Fact]
    public void Enum_strings_are_used_at_most_once_and_the_array_never_reaches_a_dead_end()
    {
        // Ten values (past the per-subset rules' limit), one a prefix of another.
        string schema = """{"type":"array","uniqueItems":true,"items":{"enum":["a","ab","b","c","d","e","f","g","h","i"]}}""";
        var grammar = Compile(schema);
        MatcherDifferentialTests.ForceDecode(grammar, "[\"ab\",\"a\",\"i\"]", schema);
        MatcherDifferentialTests.ForceDecode(grammar, "[\"a\",\"ab\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]", schema);

        var matcher = grammar.CreateMatcher();
        Assert.True(matcher.AcceptBytes("[\"a\",\"ab\",\""u8));
        // Both strings that start with `a` are written: `a` itself has no ending left.
        Assert.False(matcher.Copy().AcceptBytes("a"u8));
        Assert.True(matcher.AcceptBytes("b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\""u8));
        // All ten are written: another comma could not be followed by a new value.
        Assert.False(matcher.Copy().AcceptBytes(","u8));
        Assert.True(matcher.AcceptBytes("]"u8));
        Assert.True(matcher.CanTerminate);

        var random = new Random(7);
        for (int walk = 0; walk < 40; walk++) RandomWalk(grammar, random, schema);
    }

    [Fact]
    public void More_items_required_than_values_exist_is_an_empty_language()
    {
        var e = Assert.Throws<GrammarException>(() => Compile(
            """{"type":"array","uniqueItems":true,"minItems":10,"items":{"enum":["a","b","c","d","e","f","g","h","i"]}}"""));
        Assert.Contains("accepts nothing", e.Message);
    }

    [Fact]
    public void Minimum_items_count_against_the_values_left()
    {
        string schema = """{"type":"array","uniqueItems":true,"minItems":9,"items":{"enum":["a","b","c","d","e","f","g","h","i"]}}""";
        var grammar = Compile(schema);
        MatcherDifferentialTests.ForceDecode(grammar, "[\"i\",\"h\",\"g\",\"f\",\"e\",\"d\",\"c\",\"b\",\"a\"]", schema);
        var random = new Random(11);
        for (int walk = 0; walk < 20; walk++) RandomWalk(grammar, random, schema);
    }

    [Fact]
    public void Strings_too_long_to_expand_in_states_are_refused_for_uniqueItems()
    {
        // Nothing inside a distinct-items rule is counted by a frame: a maxLength of 1,000 would be ~70,000 states.
        var e = Assert.Throws<JsonSchemaException>(() =>
            JsonSchemaCompiler.Compile("""{"type":"array","uniqueItems":true,"items":{"type":"string","maxLength":1000}}"""));
        Assert.Equal("uniqueItems", e.Keyword);
        Assert.Contains("too large", e.Message);
    }

    [Fact]
    public void A_distinct_items_rule_that_reads_other_values_is_refused_with_its_name()
    {
        var rules = new Dictionary<string, GrammarExpr>
        {
            ["root"] = new RuleRefExpr("numbers"),
            ["numbers"] = Expr.Seq(Expr.Text("["), Expr.Repeat(Expr.Chars("0123456789,"), 0, null), Expr.Text("]")),
        };
        var definition = new GrammarDefinition(rules, "root") { DistinctItemRules = new HashSet<string> { "numbers" } };
        var e = Assert.Throws<GrammarException>(() => GrammarCompiler.Compile(definition, Vocabulary));
        Assert.Contains("'numbers'", e.Message);
        Assert.Contains("must be strings", e.Message);
    }

    // Random tokens from each mask: masks equal brute force, and some token (or the end) is always allowed.
    private static void RandomWalk(CompiledGrammar grammar, Random random, string context)
    {
        var matcher = grammar.CreateMatcher();
        var mask = new uint[grammar.MaskWords];
        for (int step = 0; step < 60 && !matcher.IsFinished; step++)
        {
            matcher.FillNextTokenMask(mask);
            MatcherDifferentialTests.AssertMaskIsBruteForce(matcher, mask, context);
            var allowed = Enumerable.Range(0, grammar.Vocabulary.Count).Where(t => MatcherDifferentialTests.IsSet(mask, t)).ToList();
            Assert.True(allowed.Count > 0, $"{context}: dead end after {step} tokens");
            Assert.True(matcher.Accept(allowed[random.Next(allowed.Count)]));
        }
    }
}
