using System.Diagnostics;
using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Sampling;

namespace LlmLang.Cli.Benchmarks;

/// <summary>
/// Prefill and decode throughput of a model through the engine (the path requests take): one prompt prefilled alone,
/// then for each batch size, that many greedy sequences decoded together for a fixed number of steps.
/// </summary>
internal static class DecodeBenchmark
{
    public sealed record Result(int Batch, double PrefillTokS, double DecodeTokS, double StepMs);

    public static IEnumerable<Result> Run(Transformer model, IReadOnlyList<int> batches, int steps, int promptTokens)
    {
        var config = model.Config;
        int context = Math.Min(config.MaxSeqLen - 1, promptTokens + steps + 1);
        int slots = batches.Max() * context + promptTokens + 1;
        using var engine = new LlmEngine(model, tokenizer: null, new EngineOptions { KvSlots = slots, MaxPrefillTokens = Math.Max(2048, promptTokens) });
        var random = new Random(1234);
        int[] Prompt(int n) => Enumerable.Range(0, n).Select(_ => random.Next(config.VocabSize)).ToArray();
        var sampling = SamplingParams.Greedy with { IgnoreEos = true };

        // Warm up kernels and allocators once.
        engine.GenerateAsync(new GenerationRequest(Prompt(8), sampling with { MaxTokens = 4 })).GetAwaiter().GetResult();
        var prefill = engine.GenerateAsync(new GenerationRequest(Prompt(promptTokens), sampling with { MaxTokens = 1 })).GetAwaiter().GetResult();
        double prefillTokS = promptTokens / prefill.PrefillTime.TotalSeconds;

        foreach (int batch in batches)
        {
            var requests = Enumerable.Range(0, batch)
                .Select(_ => engine.GenerateAsync(new GenerationRequest(Prompt(16), sampling with { MaxTokens = steps + 1 })))
                .ToArray();
            var results = Task.WhenAll(requests).GetAwaiter().GetResult();
            // Every sequence decodes the same number of steps together; the slowest one bounds the batch.
            double seconds = results.Max(r => r.DecodeTime.TotalSeconds);
            yield return new Result(batch, prefillTokS, batch * steps / seconds, seconds * 1000 / steps);
        }
    }
}
