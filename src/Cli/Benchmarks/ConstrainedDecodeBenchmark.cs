using LlmLang.Grammar.Compilation;
using LlmLang.Runtime.Backend;
using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Sampling;

namespace LlmLang.Cli.Benchmarks;

/// <summary>
/// The end-to-end cost of a JSON-schema constraint: the same requests (same prompts, seeds and token budget) decoded
/// with and without it on a real model, batched, each run measured over its decode phase.
/// </summary>
internal static class ConstrainedDecodeBenchmark
{
    /// <summary>One batch size: decode tokens/s free and constrained, and the constrained run's mean tokens per request.</summary>
    public sealed record Result(int Batch, double FreeTokS, double ConstrainedTokS, double ConstrainedTokensPerRequest);

    public static IEnumerable<Result> Run(LocalModel model, string schemaJson, IReadOnlyList<int> batches, int maxTokens)
    {
        // Compiled once, before timing, as a server compiles a request's schema off the model thread.
        var grammar = GrammarSources.JsonSchema(schemaJson, GrammarVocabulary.Of(model.Tokenizer));
        int context = Math.Min(model.Config.MaxSeqLen, 16 + maxTokens + 1);
        using var engine = model.CreateEngine(new EngineOptions { KvSlots = batches.Max() * context + 64 });
        var prompt = model.Tokenizer.Encode("Here is the record as JSON:", addBos: true);
        var sampling = SamplingParams.Greedy with { Temperature = 0.8f, MaxTokens = Math.Min(maxTokens, model.Config.MaxSeqLen - prompt.Count - 1), IgnoreEos = true };

        Decode(engine, prompt, sampling, 2, grammar); // warm-up
        foreach (int batch in batches)
        {
            var (freeTokens, freeSeconds) = Decode(engine, prompt, sampling, batch, null);
            var (constrainedTokens, constrainedSeconds) = Decode(engine, prompt, sampling, batch, grammar);
            yield return new Result(batch, freeTokens / freeSeconds, constrainedTokens / constrainedSeconds, (double)constrainedTokens / batch);
        }
    }

    // Output tokens of `batch` concurrent requests (seeds 0..batch-1) and the longest decode phase among them.
    private static (int Tokens, double Seconds) Decode(LlmEngine engine, IReadOnlyList<int> prompt, SamplingParams sampling, int batch, CompiledGrammar? grammar)
    {
        var requests = Enumerable.Range(0, batch)
            .Select(i => engine.GenerateAsync(new GenerationRequest(prompt, sampling with { Seed = (ulong)i }, grammar is null ? null : new GrammarConstraint(grammar))))
            .ToArray();
        var results = Task.WhenAll(requests).GetAwaiter().GetResult();
        // Tokens after the first: the first comes out of the prefill pass.
        return (results.Sum(r => r.OutputIds.Count - 1), results.Max(r => r.DecodeTime.TotalSeconds));
    }
}
