using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Tests.RegularExpressions;
using Xunit;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetOptions = System.Text.RegularExpressions.RegexOptions;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// The string-language algebra against .NET's ECMAScript regexes: intersection, union, difference and complement of
/// pattern languages hold exactly the strings the boolean combination of <c>IsMatch</c> says, and the IR the result
/// converts back to (its automaton) accepts the same strings, read by the IR recognizer and by a compiled matcher.
/// </summary>
public sealed class StringLanguageTests
{
    private static readonly LlmLang.Grammar.Vocabulary.TokenVocabulary Vocabulary = LlmLang.Grammar.Tests.Matching.SmallVocabulary.Create();

    // Characters a JSON string spells with an escape, so the canonical spelling is exercised too.
    private static readonly string[] Escaped = ["\"", "\\", "\n", "\u0001", "\t"];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Set_operations_equal_boolean_combinations_of_dotnet_matches(int seed)
    {
        var random = new RandomRegex(seed);
        var rng = new Random(seed);
        int both = 0;
        for (int p = 0; p < 40; p++)
        {
            string first = Anchored(random.Pattern(2), p), second = Anchored(random.Pattern(2), p / 2);
            // A search pattern's subset construction can exceed the state limit (a clear refusal, not tested here).
            if (TryPattern(first) is not { } a || TryPattern(second) is not { } b) continue;
            var intersection = a.Intersect(b);
            var union = a.Union(b);
            var difference = a.Minus(b);
            var complement = a.Complement();
            var shortOnes = a.WithLength(1, 3);
            var intersectionGrammar = Quoted(intersection.ToExpr());
            // An empty language does not compile (a grammar that accepts nothing is an error).
            var matcher = intersection.IsEmpty ? null : GrammarCompiler.Compile(Ir.GrammarDefinition.FromExpr(intersectionGrammar), Vocabulary).CreateMatcher();
            for (int t = 0; t < 30; t++)
            {
                string text = Text(random, rng);
                bool inA = Search(first, text), inB = Search(second, text);
                both += inA && inB ? 1 : 0;
                string what = $"/{first}/ and /{second}/ on \"{text}\"";
                Assert.True(inA == a.Contains(text), what);
                Assert.True((inA && inB) == intersection.Contains(text), "∩: " + what);
                Assert.True((inA || inB) == union.Contains(text), "∪: " + what);
                Assert.True((inA && !inB) == difference.Contains(text), "∖: " + what);
                Assert.True(!inA == complement.Contains(text), "complement: " + what);
                Assert.True((inA && text.EnumerateRunes().Count() is >= 1 and <= 3) == shortOnes.Contains(text), "length 1..3: " + what);
                Assert.True((inA && inB) == IrRecognizer.Matches(intersectionGrammar, new Dictionary<string, Ir.GrammarExpr>(), JsonStringGrammar.Quote(text)),
                    "IR of ∩: " + what);
                if (matcher?.Copy() is { } copy)
                    Assert.True((inA && inB) == (copy.AcceptBytes(Encoding.UTF8.GetBytes(JsonStringGrammar.Quote(text))) && copy.CanTerminate),
                        "compiled ∩: " + what);
            }
        }
        Assert.True(both > 50, $"only {both} strings in both languages: the test would not notice an empty intersection");
    }

    [Theory]
    [InlineData("^a{0,200}$", 202)] // 0..200 a's read, and the dead state
    [InlineData("^(?:a|b|ab){1,3}$", 8)] // start; 1..3 items read, ending in an a (a b may join it) or not; dead
    [InlineData("^(?:a+b+){0,99}$", 200)] // start; in the a's or the b's of word 1..99; dead
    public void Minimal_automata_have_exactly_the_states_that_tell_texts_apart(string pattern, int states)
    {
        var language = Pattern(pattern);
        Assert.Equal(states, language.StateCount);
        Assert.Equal(language.StateCount, language.Intersect(language).StateCount);
    }

    [Fact]
    public void Lengths_count_code_points_of_the_decoded_string()
    {
        var language = Pattern("^[^a]*$").WithLength(2, 3);
        Assert.True(language.Contains("😀\n"));
        Assert.True(language.Contains("\"\\\u0001"));
        Assert.False(language.Contains("😀"));
        Assert.False(language.Contains("xa"));
        Assert.False(language.Contains("1234"));
        var grammar = Quoted(language.ToExpr());
        Assert.True(IrRecognizer.Matches(grammar, new Dictionary<string, Ir.GrammarExpr>(), JsonStringGrammar.Quote("中\\")));
        Assert.False(IrRecognizer.Matches(grammar, new Dictionary<string, Ir.GrammarExpr>(), JsonStringGrammar.Quote("中")));
    }

    [Fact]
    public void Emptiness_is_decided()
    {
        Assert.True(Pattern("^a$").Intersect(Pattern("^b$")).IsEmpty);
        Assert.True(Pattern("^a+$").WithLength(0, 0).IsEmpty);
        Assert.True(Pattern("x").Union(Pattern("x").Complement()).Complement().IsEmpty);
        Assert.False(Pattern("^a").Intersect(Pattern("b$")).IsEmpty);
        Assert.True(StringLanguage.Any.Minus(StringLanguage.Any).IsEmpty);
        Assert.Equal(new Ir.ChoiceExpr([]), Pattern("^a$").Minus(Pattern("a")).ToExpr());
    }

    [Fact]
    public void Minimal_automata_stay_small()
    {
        // Search semantics: /a/ is "anything, a, anything": two copies of the states of any content (UTF-8 and escape
        // shapes), before and after the a, sharing one dead state.
        Assert.Equal(2 * StringLanguage.Any.StateCount - 1, Pattern("a").StateCount);
        Assert.Equal(Pattern("^(?:a|b)+$").StateCount, Pattern("^[ab][ab]*$").StateCount);
    }

    [Fact]
    public void Large_automata_hit_a_named_limit()
    {
        var e = Assert.Throws<GrammarException>(() => StringLanguage.Any.WithLength(0, 100_000));
        Assert.Contains("too large", e.Message);
    }

    private static StringLanguage Pattern(string pattern) => StringLanguage.Of(PatternGrammar.Content(pattern));

    private static StringLanguage? TryPattern(string pattern)
    {
        try
        {
            return Pattern(pattern);
        }
        catch (GrammarException e) when (e.Message.Contains("StringLanguage.MaxStates"))
        {
            return null;
        }
    }

    // .NET's $ also matches before a final newline; ECMA's only at the end, which (?![\s\S]) spells for .NET.
    private static bool Search(string pattern, string text) =>
        new DotNetRegex(pattern.EndsWith('$') ? pattern[..^1] + "(?![\\s\\S])" : pattern,
            DotNetOptions.ECMAScript | DotNetOptions.CultureInvariant).IsMatch(text);

    private static string Anchored(string pattern, int k) => (k % 3 == 1 ? "^(?:" + pattern + ")" : pattern) + (k % 4 == 2 ? "$" : "");

    private static string Text(RandomRegex random, Random rng)
    {
        var text = new StringBuilder(random.Text());
        if (rng.Next(4) == 0) text.Insert(rng.Next(text.Length + 1), Escaped[rng.Next(Escaped.Length)]);
        return text.ToString();
    }

    private static Ir.GrammarExpr Quoted(Ir.GrammarExpr content) => JsonStringGrammar.Quoted(content);
}
