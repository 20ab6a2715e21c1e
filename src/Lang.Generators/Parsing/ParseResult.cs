using LlmLang.Generators.Model;

namespace LlmLang.Generators.Parsing;

/// <summary>What parsing one [LlmFunction] method gives: the spec to emit (null when the method is unusable) and its diagnostics.</summary>
internal sealed record ParseResult(ProgramSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
