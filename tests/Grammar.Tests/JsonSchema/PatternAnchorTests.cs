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
