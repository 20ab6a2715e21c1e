using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>A keyword that lenient mode ignored (the grammar does not enforce it).</summary>
/// <param name="Pointer">JSON pointer of the schema holding the keyword.</param>
/// <param name="Keyword">The keyword.</param>
/// <param name="Reason">Why it could not be enforced.</param>
public sealed record JsonSchemaWarning(string Pointer, string Keyword, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Pointer}: '{Keyword}': {Reason}";
}

/// <summary>The grammar compiled from a JSON Schema, and what was not enforced.</summary>
/// <param name="Grammar">Accepts exactly the JSON texts allowed (a subset where the options say so, e.g. strict properties).</param>
/// <param name="Warnings">Keywords ignored (lenient mode) or not enforced by design (unknown <c>format</c>s, which are annotations).</param>
public sealed record JsonSchemaCompilation(GrammarDefinition Grammar, IReadOnlyList<JsonSchemaWarning> Warnings);
