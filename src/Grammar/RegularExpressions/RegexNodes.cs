using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.RegularExpressions;

/// <summary>A <c>^</c> or <c>$</c> found while parsing; only allowed at the ends, where it is removed.</summary>
internal sealed record RegexAnchor(char Symbol, int Offset) : GrammarExpr;

/// <summary>A construct that was parsed but cannot be compiled (backreference, lookaround, ...); reported with its position.</summary>
internal sealed record RegexProblem(string Message, int Offset) : GrammarExpr;
