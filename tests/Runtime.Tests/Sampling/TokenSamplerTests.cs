using LlmLang.Runtime.Sampling;

namespace LlmLang.Runtime.Tests.Sampling;

/// <summary>Each sampling knob does what vLLM/OpenAI users expect, checked on small hand-made distributions.</summary>
public class TokenSamplerTests
{
    private static float[] Logits(params float[] values) => values;

    private static int[] Draws(SamplingParams p, float[] logits, int count = 400)
    {
        var sampler = new TokenSampler(p, []);
        return Enumerable.Range(0, count).Select(_ => sampler.Sample((float[])logits.Clone()).TokenId).ToArray();
    }

    [Fact]
    public void GreedyPicksTheArgmaxAndReportsItsLogprob()
    {
        var token = new TokenSampler(SamplingParams.Greedy, []).Sample(Logits(1f, 3f, 2f));
        Assert.Equal(1, token.TokenId);
        double expected = 3 - Math.Log(Math.Exp(1) + Math.Exp(3) + Math.Exp(2));
        Assert.Equal(expected, token.Logprob, 5);
    }

    [Fact]
    public void SameSeedSameDrawsDifferentSeedDifferentDraws()
    {
        var logits = Enumerable.Range(0, 50).Select(i => (float)Math.Sin(i)).ToArray();
        var a = Draws(new SamplingParams { Seed = 7 }, logits, 50);
        var b = Draws(new SamplingParams { Seed = 7 }, logits, 50);
        var c = Draws(new SamplingParams { Seed = 8 }, logits, 50);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void TemperatureSamplingFollowsTheDistribution()
    {
        // p = softmax([0, ln 3]) = [0.25, 0.75]
        var draws = Draws(new SamplingParams { Seed = 1 }, Logits(0f, MathF.Log(3)), 4000);
        double share = draws.Count(t => t == 1) / 4000.0;
        Assert.InRange(share, 0.72, 0.78);
    }

    [Fact]
    public void TopKTopPAndMinPCutTheTail()
    {
        var logits = Logits(5f, 4f, 3f, 2f, 1f, 0f);
        Assert.All(Draws(new SamplingParams { TopK = 2, Seed = 2 }, logits), t => Assert.InRange(t, 0, 1));
        // softmax: 0.636, 0.234, 0.086, ... top_p 0.8 keeps the first two
        Assert.All(Draws(new SamplingParams { TopP = 0.8f, Seed = 3 }, logits), t => Assert.InRange(t, 0, 1));
        Assert.Contains(1, Draws(new SamplingParams { TopP = 0.8f, Seed = 3 }, logits));
        // min_p 0.3: keeps tokens with p >= 0.3 * p_max: exp(-1) = 0.37 passes, exp(-2) = 0.135 does not
        Assert.All(Draws(new SamplingParams { MinP = 0.3f, Seed = 4 }, logits), t => Assert.InRange(t, 0, 1));
    }

    [Fact]
    public void PenaltiesAndBiasMoveTheArgmax()
    {
        var bias = new TokenSampler(SamplingParams.Greedy with { LogitBias = new Dictionary<int, float> { [2] = 10f } }, []);
        Assert.Equal(2, bias.Sample(Logits(1f, 3f, 2f)).TokenId);

        var frequency = new TokenSampler(SamplingParams.Greedy with { FrequencyPenalty = 1.5f }, []);
        frequency.Observe(1);
        Assert.Equal(2, frequency.Sample(Logits(1f, 3f, 2f)).TokenId); // 3 - 1.5 < 2

        var presence = new TokenSampler(SamplingParams.Greedy with { PresencePenalty = 0.5f }, []);
        presence.Observe(1);
        Assert.Equal(1, presence.Sample(Logits(1f, 3f, 2f)).TokenId); // 3 - 0.5 > 2

        var repetition = new TokenSampler(SamplingParams.Greedy with { RepetitionPenalty = 2f }, promptIds: [1]);
        Assert.Equal(2, repetition.Sample(Logits(1f, 3f, 2f)).TokenId); // 3 / 2 < 2
    }

    [Fact]
    public void MaskIsNeverViolatedAndEmptyMaskIsAnError()
    {
        uint[] onlyToken4 = [1u << 4];
        Assert.All(Draws(new SamplingParams { Seed = 5 }, Logits(9f, 9f, 9f, 9f, 0f)), t => Assert.InRange(t, 0, 3));
        var sampler = new TokenSampler(new SamplingParams { Seed = 5 }, []);
        for (int i = 0; i < 50; i++) Assert.Equal(4, sampler.Sample(Logits(9f, 9f, 9f, 9f, 0f), onlyToken4).TokenId);
        Assert.Throws<InvalidOperationException>(() => sampler.Sample(Logits(1f, 2f), [0u]));
    }

    [Fact]
    public void TopLogprobsAreSortedAndNormalised()
    {
        var token = new TokenSampler(SamplingParams.Greedy with { TopLogprobs = 3 }, []).Sample(Logits(0f, 2f, 1f, -1f));
        Assert.Equal([1, 2, 0], token.TopAlternatives.Select(a => a.TokenId));
        double total = new[] { 0.0, 2, 1, -1 }.Sum(Math.Exp);
        Assert.Equal(Math.Log(Math.Exp(2) / total), token.TopAlternatives[0].Logprob, 5);
    }

    [Fact]
    public void InvalidParametersAreRejectedWithTheFieldName()
    {
        var e = Assert.Throws<ArgumentException>(() => new TokenSampler(new SamplingParams { TopP = 0f }, []));
        Assert.Contains("top_p", e.Message);
        e = Assert.Throws<ArgumentException>(() => new TokenSampler(new SamplingParams { Temperature = -1f }, []));
        Assert.Contains("temperature", e.Message);
    }
}
