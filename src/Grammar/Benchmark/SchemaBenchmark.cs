using System.Diagnostics;
using System.Text;
using LlmLang.Grammar.JsonSchema;

namespace LlmLang.Grammar.Benchmark;

/// <summary>
/// Runs the grammar benchmark protocol of the XGrammar peer over JSON-schema jobs: compile each schema (timed), then
/// for each instance decide whether its compact text can be force-decoded. Until the token-mask matcher exists, the
/// decision is made on the text with the IR recognizer: for a vocabulary holding every single byte (cl100k, o200k,
/// Llama 3), greedy longest-token force decoding succeeds exactly when the grammar accepts the text, because every
/// token that is a prefix of an accepted text is allowed. Mask times are therefore not measured yet.
/// </summary>
public static class SchemaBenchmark
{
    /// <summary>Runs every job; <paramref name="log"/> receives one line per compile error or rejected instance.</summary>
    public static SchemaBenchmarkResult Run(IReadOnlyList<SchemaBenchmarkJob> jobs, PeerVocabulary vocabulary, JsonSchemaOptions options, Action<string>? log = null)
    {
        // Warm the JIT so the first schema's compile time is not a start-up cost.
        JsonSchemaCompiler.Compile("""{"type":"object","properties":{"a":{"type":"integer","minimum":1}}}""", options);
        var compileMs = new List<double>();
        int compileErrors = 0, ok = 0, rejected = 0, uncompiled = 0, invalidAccepted = 0, invalidTotal = 0;
        long tokens = 0;
        foreach (var job in jobs)
        {
            var clock = Stopwatch.StartNew();
            JsonSchemaCompilation compiled;
            try
            {
                compiled = JsonSchemaCompiler.Compile(job.SchemaJson, options);
            }
            catch (JsonSchemaException e)
            {
                compileErrors++;
                uncompiled += job.Valid.Count;
                log?.Invoke($"{job.Name}: COMPILE ERROR {e.Message}");
                continue;
            }
            compileMs.Add(clock.Elapsed.TotalMilliseconds);
            var root = compiled.Grammar.Rules[compiled.Grammar.Start];
            foreach (string text in job.Valid)
            {
                if (IrRecognizer.Matches(root, compiled.Grammar.Rules, text))
                {
                    ok++;
                    tokens += vocabulary.CountTokens(Encoding.UTF8.GetBytes(text));
                }
                else
                {
                    rejected++;
                    log?.Invoke($"{job.Name}: instance rejected");
                }
            }
            foreach (string text in job.Invalid)
            {
                invalidTotal++;
                if (IrRecognizer.Matches(root, compiled.Grammar.Rules, text)) invalidAccepted++;
            }
        }
        return new SchemaBenchmarkResult(vocabulary.Name, jobs.Count, compileErrors, ok, rejected, uncompiled,
            invalidAccepted, invalidTotal, tokens, compileMs, []);
    }
}
