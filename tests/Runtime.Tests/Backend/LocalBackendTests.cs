using System.Text.Json;
using LlmLang.Runtime.Backend;
using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Models;
using LlmLang.TestSupport;
using static LlmLang.Primitives;

namespace LlmLang.Runtime.Tests.Backend;

/// <summary>The language running on the real local engine with the shared aidreams260K model.</summary>
public sealed class LocalBackendTests
{
    private static readonly ExecutionGraph NoGraph = new("test", [], isComplete: false);

    private static LocalModel Model() => LocalModel.Load(SharedFixtures.Require("models/aidreams260K.bin"));

    private static (string Prompt, string Greedy) Reference()
    {
        using var doc = JsonDocument.Parse(File.ReadLines(SharedFixtures.Require("models/reference/aidreams260K.greedy.jsonl")).First());
        return (doc.RootElement.GetProperty("prompt").GetString()!, doc.RootElement.GetProperty("greedy_text").GetString()!);
    }

    [SkippableFact]
    public async Task GreedyGenIsTheLlama2cContinuationStreamedOrNot()
    {
        var (prompt, greedy) = Reference();
        using var model = Model();
        using var backend = new LocalBackend(model);
        var sampling = new SamplingOptions { Temperature = 0, MaxTokens = 48 };
        var response = await backend.GenerateAsync(new GenerateRequest(prompt, sampling), default);
        Assert.Equal(greedy, response.Text);
        Assert.Equal(48, response.Usage.CompletionTokens);

        var streamed = new List<GenerateChunk>();
        await foreach (var chunk in backend.GenerateStreamAsync(new GenerateRequest(prompt, sampling), default)) streamed.Add(chunk);
        Assert.Equal(greedy, string.Concat(streamed.Select(c => c.Delta)));
        Assert.Equal(greedy, streamed[^1].Final!.Text);
    }

    [SkippableFact]
    public async Task ForkBranchesReuseTheCommittedPrefixAndEverythingIsReleased()
    {
        using var model = Model();
        using var backend = new LocalBackend(model);
        var result = await ProgramRunner.RunAsync(backend, s =>
        {
            s += "Once upon a time, in a quiet valley, a small robot";
            var branches = s.Fork(3);
            for (int i = 0; i < branches.Length; i++) branches[i] += Gen("next", maxTokens: 8, temperature: 1.0);
            s.Join(branches);
        }, NoGraph, r => r, new RunOptions { Sampling = new SamplingOptions { Seed = 1 } }, default);
        var gens = result.Trace.Entries.Where(e => e.Kind == "gen").ToList();
        Assert.Equal(3, gens.Count);
        Assert.All(gens, g => Assert.True(g.Usage.CachedPromptTokens >= g.Usage.PromptTokens - 1,
            $"{g.Usage.CachedPromptTokens} of {g.Usage.PromptTokens} prompt tokens came from the cache"));
        Assert.Equal(backend.Engine.SlotCapacity, backend.Engine.FreeSlots);
    }

    [SkippableFact]
    public async Task SelectScoresChoicesAsTheModelWouldContinue()
    {
        var (prompt, greedy) = Reference();
        using var model = Model();
        using var backend = new LocalBackend(model);
        string likely = greedy[..greedy.IndexOf(' ', 3)]; // the model's own first word(s)
        var scores = await backend.ScoreChoicesAsync(new ScoreRequest(prompt, [likely, " zebra quantum"]), default);
        Assert.Equal(2, scores.TokenLogprobs.Count);
        Assert.All(scores.TokenLogprobs, s => Assert.NotEmpty(s));
        Assert.True(scores.TokenLogprobs[0].Average() > scores.TokenLogprobs[1].Average());
        var result = await ProgramRunner.RunAsync(backend, s => { s += prompt; s += Select("pick", likely, " zebra quantum"); }, NoGraph, r => r, null, default);
        Assert.Equal(likely, result["pick"]);
    }

    [SkippableFact]
    public async Task ConstrainedGenFailsClearlyUntilTheGrammarIsWired()
    {
        using var model = Model();
        using var backend = new LocalBackend(model);
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            ProgramRunner.RunAsync(backend, s => s += Gen("n", regex: "[0-9]+"), NoGraph, r => r, null, default));
    }

    [SkippableFact]
    public async Task BatchComputesTheSharedPrefixOnce()
    {
        using var model = Model();
        using var backend = new LocalBackend(model);
        const string instructions = "Once upon a time there was a little girl who loved the sea. Every day she";
        var graph = new ExecutionGraph("batch", [new GraphNode(GraphNodeKind.Text, instructions), new GraphNode(GraphNodeKind.Argument, "x")], isComplete: true);
        var programs = Enumerable.Range(0, 4).Select(i => (Action<ProgramState>)(s =>
        {
            s += instructions;
            s += $" walked {i}";
            s += Gen("rest", maxTokens: 4, temperature: 0);
        })).ToList();
        var results = await ProgramRunner.RunBatchAsync(backend, programs, graph, r => r, null, null, default);
        var gens = results.SelectMany(r => r.Trace.Entries).Where(e => e.Kind == "gen").ToList();
        Assert.Equal(4, gens.Count);
        Assert.All(gens, g => Assert.True(g.Usage.CachedPromptTokens > g.Usage.PromptTokens / 2));
    }
}
