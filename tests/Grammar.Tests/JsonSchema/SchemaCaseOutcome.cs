using LlmLang.Grammar.JsonSchema;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// What happened to one <see cref="SchemaCase"/>: compiled and every instance classified right ("pass"), compiled
/// with misclassified instances, or refused with the unsupported-keyword error or a compile limit. <see cref="Line"/> is its baseline form.
/// </summary>
public sealed record SchemaCaseOutcome(string Id, bool Compiled, int ValidAccepted, int ValidRejected, int InvalidAccepted, int InvalidRejected, string? Error)
{
    /// <summary>
    /// Runs a case: compiles the schema and hands it to <paramref name="decider"/> (which may compile further, e.g.
    /// the automaton), then asks the decision about each instance's compact text. A front-end refusal is reported by
    /// its keyword, an automaton over a compile limit by that limit. <paramref name="documents"/>: schemas a remote <c>$ref</c> may name.
    /// </summary>
    public static SchemaCaseOutcome Run(SchemaCase c, JsonSchemaOptions options, Func<JsonSchemaCompilation, Func<string, bool>> decider,
        IReadOnlyDictionary<string, string>? documents = null)
    {
        Func<string, bool> accepts;
        try
        {
            accepts = decider(JsonSchemaCompiler.Compile(c.SchemaJson, options, documents));
        }
        catch (JsonSchemaException e)
        {
            return new SchemaCaseOutcome(c.Id, false, 0, 0, 0, 0, e.Keyword.Length > 0 ? e.Keyword : "malformed");
        }
        catch (Compilation.GrammarException e)
        {
            var limit = System.Text.RegularExpressions.Regex.Match(e.Message, @"\(limit (\w+)\)|(time limit)");
            string reason = limit.Success ? "limit " + (limit.Groups[1].Success ? limit.Groups[1].Value : "Timeout")
                : e.Message.Contains("accepts nothing") ? "empty language" : "compile error";
            return new SchemaCaseOutcome(c.Id, false, 0, 0, 0, 0, reason);
        }
        int va = c.Valid.Count(accepts);
        int ia = c.Invalid.Count(accepts);
        return new SchemaCaseOutcome(c.Id, true, va, c.Valid.Count - va, ia, c.Invalid.Count - ia, null);
    }

    /// <summary>The baseline line: id, then "pass", "unsupported KEYWORD" or the misclassification counts.</summary>
    public string Line => Id.Replace('\t', ' ').Replace('\n', ' ') + "\t" + (!Compiled ? $"unsupported {Error}"
        : ValidRejected == 0 && InvalidAccepted == 0 ? "pass"
        : $"validRejected={ValidRejected} invalidAccepted={InvalidAccepted}");
}
