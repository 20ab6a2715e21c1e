using LlmLang.Grammar.JsonSchema;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// What happened to one <see cref="SchemaCase"/>: compiled and every instance classified right ("pass"), compiled
/// with misclassified instances, or refused with the unsupported-keyword error. <see cref="Line"/> is its baseline form.
/// </summary>
public sealed record SchemaCaseOutcome(string Id, bool Compiled, int ValidAccepted, int ValidRejected, int InvalidAccepted, int InvalidRejected, string? Error)
{
    /// <summary>Runs a case: compiles, then asks <paramref name="accepts"/> about each instance's compact text.</summary>
    public static SchemaCaseOutcome Run(SchemaCase c, JsonSchemaOptions options, Func<JsonSchemaCompilation, string, bool> accepts)
    {
        JsonSchemaCompilation compiled;
        try
        {
            compiled = JsonSchemaCompiler.Compile(c.SchemaJson, options);
        }
        catch (JsonSchemaException e)
        {
            return new SchemaCaseOutcome(c.Id, false, 0, 0, 0, 0, e.Keyword.Length > 0 ? e.Keyword : "malformed");
        }
        int va = c.Valid.Count(v => accepts(compiled, v));
        int ia = c.Invalid.Count(v => accepts(compiled, v));
        return new SchemaCaseOutcome(c.Id, true, va, c.Valid.Count - va, ia, c.Invalid.Count - ia, null);
    }

    /// <summary>The baseline line: id, then "pass", "unsupported KEYWORD" or the misclassification counts.</summary>
    public string Line => Id.Replace('\t', ' ').Replace('\n', ' ') + "\t" + (!Compiled ? $"unsupported {Error}"
        : ValidRejected == 0 && InvalidAccepted == 0 ? "pass"
        : $"validRejected={ValidRejected} invalidAccepted={InvalidAccepted}");
}
