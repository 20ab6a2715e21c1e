using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Sampling;

namespace LlmLang.Runtime.Tests.Engine;

/// <summary>The continuous-batching engine on a random model: results match a lone run, seeds reproduce, and nothing
/// a request holds (KV slots) outlives it, whether it finishes, is cancelled or is rejected.</summary>
public sealed class LlmEngineTests : IDisposable
{
    private static readonly ModelConfig Config = new("llama", 32, 64, 2, 4, 2, 89, 96);
    private readonly ModelWeights _weights = RandomWeights.Create(Config, seed: 3);
    private readonly Transformer _model;

    public LlmEngineTests() => _model = new Transformer(Config, _weights);

    public void Dispose()
    {
        _model.Dispose();
        _weights.Dispose();
    }

    private static int[] Prompt(int n, int seed) => Enumerable.Range(0, n).Select(i => (i * 31 + seed * 7) % Config.VocabSize).ToArray();

    [Fact]
    public async Task ConcurrentRequestsGetTheSameTokensAsEachAlone()
    {
        using var engine = new LlmEngine(_model, null, new EngineOptions { KvSlots = 400 });
        var greedy = SamplingParams.Greedy with { MaxTokens = 12 };
        var alone = new List<IReadOnlyList<int>>();
        for (int i = 0; i < 4; i++) alone.Add((await engine.GenerateAsync(new GenerationRequest(Prompt(3 + 5 * i, i), greedy))).OutputIds);
        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => engine.GenerateAsync(new GenerationRequest(Prompt(3 + 5 * i, i), greedy))));
        for (int i = 0; i < 4; i++) Assert.Equal(alone[i], together[i].OutputIds);
        Assert.All(together, r => Assert.Equal(12, r.OutputIds.Count));
        Assert.All(together, r => Assert.Equal(FinishReason.Length, r.FinishReason));
        Assert.Equal(engine.SlotCapacity, engine.FreeSlots);
    }

    [Fact]
    public async Task SeededSamplingReproducesAndStopTokenEndsGeneration()
    {
        using var engine = new LlmEngine(_model, null, new EngineOptions { KvSlots = 200 });
        var seeded = new SamplingParams { Seed = 99, MaxTokens = 20, Temperature = 1.5f };
        var a = await engine.GenerateAsync(new GenerationRequest(Prompt(4, 1), seeded));
        var b = await engine.GenerateAsync(new GenerationRequest(Prompt(4, 1), seeded));
        Assert.Equal(a.OutputIds, b.OutputIds);

        int stopAt = a.OutputIds[5];
        int firstIndex = a.OutputIds.ToList().IndexOf(stopAt);
        var stopped = await engine.GenerateAsync(new GenerationRequest(Prompt(4, 1), seeded with { StopTokenIds = [stopAt] }));
        Assert.Equal(a.OutputIds.Take(firstIndex), stopped.OutputIds);
        Assert.Equal(FinishReason.Stop, stopped.FinishReason);
    }

    [Fact]
    public async Task LongPromptsArePrefilledInChunksWithTheSameResult()
    {
        using var whole = new LlmEngine(_model, null, new EngineOptions { KvSlots = 200 });
        using var chunked = new LlmEngine(_model, null, new EngineOptions { KvSlots = 200, MaxPrefillTokens = 7 });
        var request = new GenerationRequest(Prompt(40, 5), SamplingParams.Greedy with { MaxTokens = 6, TopLogprobs = 2 });
        var a = await whole.GenerateAsync(request);
        var b = await chunked.GenerateAsync(request);
        Assert.Equal(a.OutputIds, b.OutputIds);
        Assert.Equal(a.Logprobs!.Select(l => l.Logprob), b.Logprobs!.Select(l => l.Logprob), (x, y) => Math.Abs(x - y) < 1e-4);
    }

    [Fact]
    public async Task CancellationFreesTheSlotsAndOtherRequestsContinue()
    {
        using var engine = new LlmEngine(_model, null, new EngineOptions { KvSlots = 300 });
        using var cts = new CancellationTokenSource();
        var endless = engine.GenerateAsync(new GenerationRequest(Prompt(5, 2), SamplingParams.Greedy with { MaxTokens = 80, IgnoreEos = true }), cts.Token);
        var normal = engine.GenerateAsync(new GenerationRequest(Prompt(5, 3), SamplingParams.Greedy with { MaxTokens = 5 }));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => endless);
        Assert.Equal(5, (await normal).OutputIds.Count);
        await WaitUntil(() => engine.FreeSlots == engine.SlotCapacity);
    }

    [Fact]
    public async Task StreamingYieldsEveryTokenInOrder()
    {
        using var engine = new LlmEngine(_model, null, new EngineOptions { KvSlots = 100 });
        var request = new GenerationRequest(Prompt(6, 4), SamplingParams.Greedy with { MaxTokens = 9 });
        var expected = (await engine.GenerateAsync(request)).OutputIds;
        var streamed = new List<int>();
        await foreach (var delta in engine.StreamAsync(request)) if (delta.TokenId >= 0) streamed.Add(delta.TokenId);
        Assert.Equal(expected, streamed);
    }

    [Fact]
    public async Task BadRequestsAreRejectedUpFront()
    {
        using var engine = new LlmEngine(_model, null, new EngineOptions { KvSlots = 50 });
        var e = Assert.Throws<ArgumentException>(() => { _ = engine.GenerateAsync(new GenerationRequest([], SamplingParams.Greedy)); });
        Assert.Contains("empty", e.Message);
        e = Assert.Throws<ArgumentException>(() => { _ = engine.GenerateAsync(new GenerationRequest(Prompt(Config.MaxSeqLen, 1), SamplingParams.Greedy)); });
        Assert.Contains("context", e.Message);
        e = Assert.Throws<ArgumentException>(() => { _ = engine.GenerateAsync(new GenerationRequest(Prompt(60, 1), SamplingParams.Greedy)); });
        Assert.Contains("KV cache", e.Message);
        e = Assert.Throws<ArgumentException>(() => { _ = engine.GenerateAsync(new GenerationRequest([Config.VocabSize], SamplingParams.Greedy)); });
        Assert.Contains("outside the vocabulary", e.Message);
        // The engine still works afterwards.
        Assert.Single((await engine.GenerateAsync(new GenerationRequest([1], SamplingParams.Greedy with { MaxTokens = 1 }))).OutputIds);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    [Fact]
    public async Task CommittedPrefixIsReusedWithIdenticalResultsAndReleasedOnDispose()
    {
        using var engine = new LlmEngine(_model, null, new EngineOptions { KvSlots = 300 });
        int[] shared = Prompt(30, 6);
        var greedy = SamplingParams.Greedy with { MaxTokens = 8 };
        var cold = await engine.GenerateAsync(new GenerationRequest([.. shared, 5, 6], greedy));
        Assert.Equal(0, cold.CachedPromptTokens);

        using (var prefix = await engine.CommitPrefixAsync(shared))
        {
            Assert.Equal(engine.SlotCapacity - shared.Length, engine.FreeSlots);
            var warm = await Task.WhenAll(
                engine.GenerateAsync(new GenerationRequest([.. shared, 5, 6], greedy)),
                engine.GenerateAsync(new GenerationRequest([.. shared[..20], 9], greedy)));
            Assert.Equal(cold.OutputIds, warm[0].OutputIds);
            Assert.Equal(30, warm[0].CachedPromptTokens);
            Assert.Equal(20, warm[1].CachedPromptTokens); // a partial match reuses the common tokens
            var again = await engine.CommitPrefixAsync(shared); // fully cached already: nothing recomputed
            again.Dispose();
        }
        await WaitUntil(() => engine.FreeSlots == engine.SlotCapacity);
    }

    [Fact]
    public async Task ScoringMatchesGreedyLogprobsInOnePass()
    {
        using var engine = new LlmEngine(_model, null, new EngineOptions { KvSlots = 300 });
        int[] prompt = Prompt(12, 8);
        var generated = await engine.GenerateAsync(new GenerationRequest(prompt, SamplingParams.Greedy with { MaxTokens = 5, TopLogprobs = 1 }));
        var other = new[] { 3, 4 };
        var scores = (await engine.ScoreAsync(prompt, [generated.OutputIds, other, [generated.OutputIds[0]]])).Logprobs;
        Assert.Equal(3, scores.Count);
        for (int t = 0; t < 5; t++) Assert.Equal(generated.Logprobs![t].Logprob, scores[0][t], 1e-3f);
        Assert.Equal(scores[0][0], scores[2][0], 1e-4f);
        Assert.All(scores[1], v => Assert.True(v < 0));
        Assert.Equal(engine.SlotCapacity, engine.FreeSlots);
        await Assert.ThrowsAsync<ArgumentException>(() => engine.ScoreAsync(prompt, [[]]));
    }
}
