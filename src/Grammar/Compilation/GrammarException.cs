namespace LlmLang.Grammar.Compilation;

/// <summary>
/// A grammar that cannot be used: a syntax error in a front end (the message names the position), a construct that is
/// not supported, a grammar that accepts nothing, or a compilation that exceeded its time or size limit.
/// </summary>
public sealed class GrammarException : Exception
{
    /// <summary>Creates the exception with a complete, user-facing message.</summary>
    public GrammarException(string message) : base(message) { }
}
