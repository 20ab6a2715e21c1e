using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.RegularExpressions;

namespace LlmLang.Grammar.Tests.RegularExpressions;

/// <summary>Whole-text membership of a parsed regex, decided on the IR by the reference recognizer (no matcher involved).</summary>
internal static class RegexMembership
{
    public static bool Matches(string pattern, string text, RegexOptions? options = null) =>
        IrRecognizer.Matches(RegexGrammar.Parse(pattern, options), new Dictionary<string, GrammarExpr>(), text);
}
