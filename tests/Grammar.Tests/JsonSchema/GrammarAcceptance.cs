using LlmLang.Grammar.JsonSchema;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// Whether a compiled schema grammar accepts a compact JSON text. Today: the IR recognizer (membership of the
/// whole text). To do when the matcher lands: force-decode with the cl100k vocabulary per the peer protocol.
/// </summary>
public static class GrammarAcceptance
{
    public static bool Accepts(JsonSchemaCompilation compiled, string text) =>
        IrRecognizer.Matches(compiled.Grammar.Rules[compiled.Grammar.Start], compiled.Grammar.Rules, text);
}
