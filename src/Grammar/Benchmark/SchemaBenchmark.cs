using System.Diagnostics;
using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Matching;

namespace LlmLang.Grammar.Benchmark;

/// <summary>
/// Runs the grammar benchmark protocol of the XGrammar peer (<c>../shared/peers/xgrammar/README.md</c>) over
/// JSON-schema jobs: compile each schema for the vocabulary (timed; compiling fills the token-mask cache within its budget), then force-decode every instance's compact text
/// through a <see cref="GrammarMatcher"/>: at each step fill the next-token mask (timed for valid instances), take the
/// longest allowed token that matches the remaining bytes, accept it; at the end EOS must be allowed.
/// </summary>
public static class SchemaBenchmark
{
    /// <summary>Runs every job; <paramref name="log"/> receives one line per compile error or rejected instance.</summary>
    /// <param name="jobs">Schemas with their instances.</param>
    /// <param name="vocabulary">The vocabulary to decode with.</param>
    /// <param name="options">JSON Schema options (the peer: strict properties, schema order).</param>
    /// <param name="log">Receives a line per compile error and per rejected valid instance.</param>
    /// <param name="limits">Compile limits (default: <see cref="CompileLimits.Default"/>; its
    /// <see cref="CompileLimits.MaskPrecomputeBudget"/> says how much of the token-mask cache compiling fills, and what it
    /// leaves is filled by the masks that need it).</param>
    public static SchemaBenchmarkResult Run(IReadOnlyList<SchemaBenchmarkJob> jobs, BenchmarkVocabulary vocabulary, JsonSchemaOptions options,
        Action<string>? log = null, CompileLimits? limits = null)
    {
        limits ??= CompileLimits.Default;
        Warm(vocabulary, options, limits);
        var compileMs = new List<double>();
        var maskUs = new List<double>();
        int compileErrors = 0, ok = 0, rejected = 0, uncompiled = 0, invalidAccepted = 0, invalidTotal = 0;
        long tokens = 0;
        var mask = new uint[vocabulary.Tokens.MaskWords];
        foreach (var job in jobs)
        {
            var clock = Stopwatch.StartNew();
            CompiledGrammar grammar;
            try
            {
                grammar = GrammarCompiler.Compile(JsonSchemaCompiler.Compile(job.SchemaJson, options).Grammar, vocabulary.Tokens, limits);
            }
            catch (Exception e) when (e is JsonSchemaException or GrammarException)
            {
                compileErrors++;
                uncompiled += job.Valid.Count;
                log?.Invoke($"{job.Name}: COMPILE ERROR {e.Message}");
                continue;
            }
            compileMs.Add(clock.Elapsed.TotalMilliseconds);
            log?.Invoke($"{job.Name}: compiled in {compileMs[^1]:F1} ms ({grammar.AutomatonStates} states, {grammar.MemoryBytes >> 10} KiB)");
            foreach (string text in job.Valid)
            {
                var outcome = Decode(grammar, vocabulary, text, mask, maskUs);
                if (outcome.Error is null)
                {
                    ok++;
                    tokens += outcome.Tokens;
                }
                else
                {
                    rejected++;
                    log?.Invoke($"{job.Name}: instance rejected ({outcome.Error})");
                }
            }
            foreach (string text in job.Invalid)
            {
                invalidTotal++;
                if (Decode(grammar, vocabulary, text, mask, null).Error is null)
                {
                    invalidAccepted++;
                    log?.Invoke($"{job.Name}: invalid instance accepted");
                }
            }
        }
        return new SchemaBenchmarkResult(vocabulary.Name, jobs.Count, compileErrors, ok, rejected, uncompiled,
            invalidAccepted, invalidTotal, tokens, compileMs, maskUs);
    }

    /// <summary>Force-decodes <paramref name="text"/> per the protocol; <paramref name="maskUs"/> (when given) receives
    /// the time of every mask, in microseconds.</summary>
    public static (int Tokens, string? Error) Decode(CompiledGrammar grammar, BenchmarkVocabulary vocabulary, string text, uint[] mask, List<double>? maskUs)
    {
        var matcher = grammar.CreateMatcher();
        var bytes = Encoding.UTF8.GetBytes(text);
        int tokens = 0;
        try
        {
            for (int at = 0; ; tokens++)
            {
                long start = Stopwatch.GetTimestamp();
                matcher.FillNextTokenMask(mask);
                maskUs?.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                if (at == bytes.Length)
                {
                    int eos = vocabulary.EosId;
                    return (mask[eos >> 5] >> (eos & 31) & 1) != 0 ? (tokens, null) : (tokens, $"EOS not allowed after {at} bytes");
                }
                int id = vocabulary.LongestAllowedPrefix(bytes.AsSpan(at), mask);
                if (id < 0) return (tokens, $"no allowed token at byte {at}");
                if (!matcher.Accept(id)) return (tokens, $"token {id} was allowed by the mask but not accepted at byte {at}");
                at += vocabulary.Tokens.GetBytes(id).Length;
            }
        }
        catch (GrammarException e)
        {
            return (tokens, e.Message);
        }
    }

    // The JIT and the vocabulary's token trie are start-up costs, not a schema's compile time: the warm-up schemas
    // touch the translator's paths (references and recursion, patterns, formats, lengths, enums and consts, choices,
    // negation, conditionals, dependencies, arrays with prefixes and unique items, pattern properties, ranges and
    // multiples), compiled with the run's limits and decoded. Their patterns are made up, so that no MaskBench pattern
    // is already known when its schema is timed.
    private static void Warm(BenchmarkVocabulary vocabulary, JsonSchemaOptions options, CompileLimits limits)
    {
        (string Schema, string Instance)[] warmUps =
        [
            ("""
             {"type":"object","$defs":{"tag":{"type":"string","pattern":"^[a-z]+-[0-9]{2}$","maxLength":12}},
              "properties":{"a":{"type":"integer","minimum":1,"maximum":500},"b":{"type":"string","minLength":1,"maxLength":20},
               "c":{"type":"string","format":"date-time"},"d":{"enum":["x","y",null]},"e":{"type":"array","items":{"$ref":"#/$defs/tag"},"minItems":1},
               "f":{"anyOf":[{"type":"number"},{"type":"string","format":"email"}]},"g":{"type":"string","pattern":"id[0-9a-f]+"},
               "h":{"type":"object","additionalProperties":{"type":"boolean"}}},
              "required":["a","b"],"additionalProperties":false}
             """,
             """{"a":12,"b":"x y","c":"2024-05-17T09:30:00Z","d":null,"e":["ab-12"],"f":"a@b.c","g":"id9f","h":{"k":true}}"""),
            ("""
             {"oneOf":[{"type":"object","properties":{"kind":{"const":"p"},"n":{"type":"number","exclusiveMinimum":0,"maximum":9.5}},"required":["kind"]},
                       {"type":"object","properties":{"kind":{"const":"q"},"id":{"type":"string","format":"uuid"},"m":{"type":"integer","multipleOf":5}},"required":["kind","id"]}]}
             """,
             """{"kind":"q","id":"0f8fad5b-d9cb-469f-a165-70867728950e","m":15}"""),
            ("""
             {"type":"object","$defs":{"node":{"type":"object","properties":{"v":{"type":"integer"},"next":{"$ref":"#/$defs/node"}},"required":["v"]}},
              "properties":{"list":{"$ref":"#/$defs/node"},"tags":{"type":"array","items":{"enum":["r","s","t"]},"uniqueItems":true,"maxItems":3},
               "pair":{"type":"array","prefixItems":[{"type":"integer"},{"type":"boolean"}],"items":false},
               "meta":{"type":"object","patternProperties":{"^zz-":{"type":"string","maxLength":8}},"additionalProperties":false},
               "day":{"type":"string","format":"date"},"ip":{"type":"string","format":"ipv4"},"host":{"type":"string","format":"hostname"},
               "link":{"type":"string","format":"uri"},"other":{"not":{"type":"null"}},"k":{"type":"integer"}},
              "dependentRequired":{"day":["k"]},"if":{"properties":{"k":{"const":1}},"required":["k"]},"then":{"required":["tags"]}}
             """,
             """{"list":{"v":1,"next":{"v":2}},"tags":["r","t"],"pair":[3,true],"meta":{"zz-a":"b"},"day":"2024-01-31","ip":"10.0.0.1","host":"a.example","link":"https://a.example/x","other":7,"k":1}"""),
        ];
        var mask = new uint[vocabulary.Tokens.MaskWords];
        foreach (var (schema, instance) in warmUps)
        {
            var grammar = GrammarCompiler.Compile(JsonSchemaCompiler.Compile(schema, options).Grammar, vocabulary.Tokens, limits);
            // A warm-up that fails would leave its paths cold and hide an engine fault: it stops the run.
            if (Decode(grammar, vocabulary, instance, mask, null).Error is { } error)
                throw new InvalidOperationException($"the benchmark's warm-up instance {instance} was rejected: {error}");
        }
    }
}
