namespace LlmLang.Grammar.RegularExpressions;

/// <summary>How a regular expression is matched.</summary>
/// <param name="Search">
/// False (default): full-match semantics; <c>^</c>/<c>$</c> at the ends are accepted and change nothing. True:
/// ECMA-262 search semantics, as JSON Schema's <c>pattern</c> requires: the text only has to contain a match, so each
/// top-level alternative without a leading <c>^</c> may be preceded by any text and one without a trailing <c>$</c>
/// may be followed by any text.
/// </param>
/// <param name="InnerAnchors">
/// False (default): a <c>^</c>/<c>$</c> anywhere but the ends is an error. True: each becomes a marker byte
/// (<see cref="RegexGrammar.StartMarker"/>, <see cref="RegexGrammar.EndMarker"/>; bytes UTF-8 text never holds) for a
/// caller that resolves them as automata (JSON Schema patterns such as <c>^([^,]+(,|$)){3,}$</c>).
/// </param>
public sealed record RegexOptions(bool Search = false, bool InnerAnchors = false)
{
    /// <summary>Full-match semantics.</summary>
    public static RegexOptions Default { get; } = new();

    /// <summary>ECMA-262 search semantics (JSON Schema <c>pattern</c>).</summary>
    public static RegexOptions Unanchored { get; } = new(Search: true);
}
