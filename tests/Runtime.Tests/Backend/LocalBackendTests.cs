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
        await WaitForAllSlots(backend); // prefix leases are released to the engine thread asynchronously
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
    public async Task ConstrainedGensFollowTheirGrammarOnARealModel()
    {
        using var model = Model();
        using var backend = new LocalBackend(model);
        const string schema = """{"type":"object","properties":{"name":{"type":"string","maxLength":12},"age":{"type":"integer","minimum":0,"maximum":120}},"required":["name","age"],"additionalProperties":false}""";
        var result = await ProgramRunner.RunAsync(backend, s =>
        {
            s += "Once upon a time ";
            s += Gen("digits", maxTokens: 12, regex: "[0-9]{3}-[0-9]{2}", temperature: 1.0);
            s += " and ";
            s += Gen("person", maxTokens: 60, jsonSchema: schema, temperature: 1.0);
            s += " then ";
            s += Gen("word", maxTokens: 8, choices: ["dragon", "robot", "sea"], temperature: 1.0);
            s += " ";
            s += Gen("gbnf", maxTokens: 16, ebnf: "root ::= \"(\" [a-c]{1,5} \")\"", temperature: 1.0);
        }, NoGraph, r => r, new RunOptions { Sampling = new SamplingOptions { Seed = 7 } }, default);
        Assert.Matches("^[0-9]{3}-[0-9]{2}$", result["digits"]);
        using (var person = JsonDocument.Parse(result["person"]))
        {
            Assert.Equal(JsonValueKind.String, person.RootElement.GetProperty("name").ValueKind);
            Assert.InRange(person.RootElement.GetProperty("age").GetInt32(), 0, 120);
            Assert.Equal(2, person.RootElement.EnumerateObject().Count());
        }
        Assert.Contains(result["word"], new[] { "dragon", "robot", "sea" });
        Assert.Matches("^\\([a-c]{1,5}\\)$", result["gbnf"]);
    }

    public sealed record Pet(string Name, int Legs);

    [SkippableFact]
    public async Task TypedGensAreParsedFromConstrainedOutputOnARealModel()
    {
        // Without the source generator here, register what it would derive from Pet at compile time.
        JsonSchemaRegistry.Register<Pet>("""{"type":"object","properties":{"name":{"type":"string","maxLength":8},"legs":{"type":"integer","minimum":0,"maximum":8}},"required":["name","legs"],"additionalProperties":false}""");
        using var model = Model();
        using var backend = new LocalBackend(model);
        var result = await ProgramRunner.RunAsync(backend, s =>
        {
            s += "Once upon a time ";
            s += Gen<Pet>("pet", maxTokens: 60, temperature: 1.0);
            s += " ";
            s += Gen<int>("count", maxTokens: 6, temperature: 1.0);
            s += " ";
            s += Gen<bool>("flag", temperature: 1.0);
        }, NoGraph, r => r, new RunOptions { Sampling = new SamplingOptions { Seed = 3 } }, default);
        var pet = result.Get<Pet>("pet");
        Assert.InRange(pet.Legs, 0, 8);
        Assert.True(pet.Name.Length <= 8);
        Assert.Equal(int.Parse(result["count"]), result.Get<int>("count"));
        Assert.Equal(result["flag"] == "true", result.Get<bool>("flag"));
    }

    [SkippableFact]
    public async Task AnInvalidConstraintIsAClearErrorNotUnconstrainedText()
    {
        using var model = Model();
        using var backend = new LocalBackend(model);
        var e = await Assert.ThrowsAnyAsync<Exception>(() =>
            ProgramRunner.RunAsync(backend, s => s += Gen("n", regex: "(a"), NoGraph, r => r, null, default));
        Assert.Contains("(a", e.Message + e.InnerException?.Message, StringComparison.Ordinal);
        await WaitForAllSlots(backend);
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

    private static async Task WaitForAllSlots(LocalBackend backend)
    {
        for (int i = 0; i < 200 && backend.Engine.FreeSlots != backend.Engine.SlotCapacity; i++) await Task.Delay(10);
        Assert.Equal(backend.Engine.SlotCapacity, backend.Engine.FreeSlots);
    }
}
