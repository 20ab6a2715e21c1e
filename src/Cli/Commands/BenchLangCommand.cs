using System.CommandLine;
using System.Diagnostics;
using LlmLang.Cli.Benchmarks;
using LlmLang.Runtime.Backend;
using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Sampling;
using LlmLang.Testing;

namespace LlmLang.Cli.Commands;

/// <summary>
/// <c>llmlang bench lang</c>: the few-shot and tree-of-thought programs run through LocalBackend as the language runs
/// them (shared prefixes committed once) and as independent requests without prefix sharing, side by side; and the
/// interpreter's own cost per primitive against one decode step of the model.
/// </summary>
internal static class BenchLangCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var json = new Option<bool>("--json") { Description = "One JSON object per result line." };
        var command = new Command("lang", "Prompt tokens computed and wall time: the language vs independent requests; interpreter overhead.") { json };
        model.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var local = model.Load(parse);
            using var backend = new LocalBackend(local);
            var table = new BenchmarkTable(parse.GetValue(json), "workload", "mode", "programs", "prompt_tokens", "computed_tokens", "cached_tokens", "wall_ms", "computed_ratio");
            await Compare(table, "few-shot", LanguageWorkloads.Reviews.Length,
                shared => LanguageWorkloads.FewShotBatchAsync(backend, LanguageWorkloads.Reviews, new BatchOptions { CacheSharedPrefix = shared, Run = Unshared(shared) }, cancellationToken: cancellationToken)
                    .ContinueWith(t => t.Result.Select(r => r.Trace).ToList(), cancellationToken));
            await Compare(table, "tree-of-thought", 1,
                shared => LanguageWorkloads.TreeOfThoughtAsync(backend, "How can a town cut traffic?", Unshared(shared), cancellationToken)
                    .ContinueWith(t => new List<ProgramTrace> { t.Result.Trace }, cancellationToken));
            table.Print();
            await Overhead(parse.GetValue(json), backend, cancellationToken);
            return 0;
        });
        return command;
    }

    private static RunOptions Unshared(bool shared) => new() { CacheForkPrefixes = shared, Sampling = new SamplingOptions { Temperature = 0 } };

    /// <summary>Runs a workload with prefix sharing (the language) and without (independent requests), and prints both.</summary>
    private static async Task Compare(BenchmarkTable table, string workload, int programs, Func<bool, Task<List<ProgramTrace>>> run)
    {
        long computedShared = 0;
        foreach (bool shared in new[] { true, false })
        {
            var clock = Stopwatch.StartNew();
            var traces = await run(shared);
            double ms = clock.Elapsed.TotalMilliseconds;
            int prompt = traces.Sum(t => t.PromptTokens), cached = traces.Sum(t => t.CachedPromptTokens), computed = prompt - cached;
            if (shared) computedShared = computed;
            table.Add(workload, shared ? "language" : "independent", programs, prompt, computed, cached, Math.Round(ms, 1),
                Math.Round((double)computed / Math.Max(1, computedShared), 2));
        }
    }

    /// <summary>The interpreter's cost per primitive (a backend that answers at once) against one decode step of the model.</summary>
    private static async Task Overhead(bool json, LocalBackend backend, CancellationToken cancellationToken)
    {
        var instant = new ScriptedBackend(_ => "y");
        await LanguageWorkloads.Primitives100Async(instant, cancellationToken: cancellationToken); // warm up
        var clock = Stopwatch.StartNew();
        const int runs = 20;
        for (int i = 0; i < runs; i++) await LanguageWorkloads.Primitives100Async(instant, cancellationToken: cancellationToken);
        double perPrimitiveUs = clock.Elapsed.TotalMilliseconds * 1000 / (runs * 100);

        var step = await backend.Engine.GenerateAsync(new GenerationRequest([1, 2, 3], SamplingParams.Greedy with { MaxTokens = 33, IgnoreEos = true }), cancellationToken);
        double stepUs = step.DecodeTime.TotalMilliseconds * 1000 / 32;
        var table = new BenchmarkTable(json, "measure", "per_primitive_us", "decode_step_us", "overhead_percent");
        table.Add("interpreter", Math.Round(perPrimitiveUs, 1), Math.Round(stepUs, 1), Math.Round(100 * perPrimitiveUs / stepUs, 2));
        table.Print();
    }
}
