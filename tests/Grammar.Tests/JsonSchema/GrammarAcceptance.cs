using LlmLang.Grammar.JsonSchema;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// Whether a compiled schema grammar accepts a compact JSON text, decided by the IR recognizer (membership of the
/// whole text): the unit tests' quick check of the front end alone. The conformance suites decide through the token
/// matcher instead (<see cref="ForceDecoding"/>).
/// </summary>
public static class GrammarAcceptance
{
    public static bool Accepts(string schemaJson, string text, JsonSchemaOptions? options = null) =>
        Accepts(JsonSchemaCompiler.Compile(schemaJson, options), text);

    public static bool Accepts(JsonSchemaCompilation compiled, string text) =>
        IrRecognizer.Matches(compiled.Grammar.Rules[compiled.Grammar.Start], compiled.Grammar.Rules, text, compiled.Grammar.DistinctItemRules);
}
