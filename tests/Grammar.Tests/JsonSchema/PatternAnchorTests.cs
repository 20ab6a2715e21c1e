using System.Text.Json;
using System.Text.RegularExpressions;
using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// <c>^</c> and <c>$</c> inside a pattern (<c>(,|$)</c>: a comma or the end) assert the start or end of the whole
/// string, as in ECMA-262. The grammar must accept exactly the strings .NET's ECMAScript regex finds a match in, on
/// every string over the patterns' alphabet up to a length.
/// </summary>
public sealed class PatternAnchorTests
{
    [Theory]
    [InlineData("^([^,]+(,|$)){3,}$")]
    [InlineData("^(/?((\\.{2})|([a-z0-9\\-]*))($|/))*$")]
    [InlineData("(a|^)b")]
    [InlineData("a($|b)")]
    [InlineData("(^a|b$)")]
    [InlineData("x(^|$)y")]
    [InlineData("^(a$|b)*")]
    public void Inner_anchors_match_exactly_the_strings_an_ECMAScript_regex_matches(string pattern)
    {
        var grammar = JsonSchemaCompiler.Compile(JsonSerializer.Serialize(new { type = "string", pattern }));
        var oracle = new Regex(pattern, RegexOptions.ECMAScript);
        foreach (string text in Strings(",./ab", 5))
            Assert.True(oracle.IsMatch(text) == GrammarAcceptance.Accepts(grammar, JsonSerializer.Serialize(text)),
                $"/{pattern}/ on '{text}': regex {oracle.IsMatch(text)}");
    }

    [Fact]
    public void A_search_for_many_alternatives_combines_with_other_keywords()
    {
        // As one automaton its subsets would track which alternatives matched so far (2^10 sets); the pattern's
        // alternatives are built one at a time instead. The length limit makes it go through the string-language path.
        const string pattern = "^list|date|time|string|enum|int|double|long|boolean|number$";
        var grammar = JsonSchemaCompiler.Compile(JsonSerializer.Serialize(new { type = "string", pattern, maxLength = 12 }));
        var oracle = new Regex(pattern, RegexOptions.ECMAScript);
        foreach (string text in new[] { "list", "alist", "xdate", "numbers", "my number", "integer", "xlong-ish", "lis", "boolea", "datetime-ish!" })
            Assert.True((oracle.IsMatch(text) && text.Length <= 12) == GrammarAcceptance.Accepts(grammar, JsonSerializer.Serialize(text)), text);
    }

    // Every string over the alphabet of at most `length` characters.
    private static IEnumerable<string> Strings(string alphabet, int length)
    {
        var level = new List<string> { "" };
        for (int n = 0; n <= length; n++)
        {
            foreach (string s in level) yield return s;
            level = level.SelectMany(s => alphabet.Select(c => s + c)).ToList();
        }
    }
}
