namespace LlmLang.Tests;

/// <summary>Select's methods against hand-computed logprobs.</summary>
public class SelectScoringTests
{
    private static ChoiceScores Scores(float[][] conditional, float[][]? unconditional = null) => new(conditional, unconditional, new Usage(0, 0, 0));

    [Fact]
    public void TokenLengthNormalisedPrefersTheBestMeanNotTheBestSum()
    {
        // "yes": one token at -1.0 (sum -1.0, mean -1.0); "yes indeed": -0.5 -0.9 -0.7 (sum -2.1, mean -0.7)
        var scores = Scores([[-1.0f], [-0.5f, -0.9f, -0.7f]]);
        Assert.Equal(1, SelectScoring.Choose(SelectMethod.TokenLengthNormalized, scores));
    }

    [Fact]
    public void GreedyTokenDecidesOnTheFirstDifferingToken()
    {
        // first tokens -0.2 vs -0.3: choice 0 wins although its later tokens are poor
        Assert.Equal(0, SelectScoring.Choose(SelectMethod.GreedyToken, Scores([[-0.2f, -5f], [-0.3f, -0.1f]])));
        // tie on the first token: the second decides
        Assert.Equal(1, SelectScoring.Choose(SelectMethod.GreedyToken, Scores([[-0.2f, -5f], [-0.2f, -0.1f]])));
    }

    [Fact]
    public void UnconditionalNormalisationFavoursWhatThePromptMadeLikelier()
    {
        // conditional means: -1.0 vs -1.5; unconditional: -0.5 vs -3.0 → differences -0.5 vs +1.5
        var scores = Scores([[-1.0f], [-1.5f]], [[-0.5f], [-3.0f]]);
        Assert.Equal(0, SelectScoring.Choose(SelectMethod.TokenLengthNormalized, scores));
        Assert.Equal(1, SelectScoring.Choose(SelectMethod.UnconditionalLikelihoodNormalized, scores));
        Assert.Throws<ArgumentException>(() => SelectScoring.Choose(SelectMethod.UnconditionalLikelihoodNormalized, Scores([[-1f]])));
    }

    [Fact]
    public async Task SelectAppendsTheWinnerAndAsksForUnconditionalScoresOnlyWhenNeeded()
    {
        // given the prompt "no" is likelier (-0.1 vs -2); without it "no" is likelier still (-0.05 vs -3), so
        // unconditional normalisation picks "yes": -2 - (-3) = +1 beats -0.1 - (-0.05) = -0.05
        var backend = new ScriptedBackend(_ => "", (request, choice) => (request.Prompt, choice.TrimStart()) switch
        {
            ("", "no") => [-0.05f],
            ("", _) => [-3f],
            (_, "no") => [-0.1f],
            _ => [-2f],
        });
        var result = await ProgramRunner.RunAsync(backend, s =>
        {
            s += "Capital? ";
            s += Select("answer", "yes", "no");
            s += Select("again", SelectMethod.UnconditionalLikelihoodNormalized, "yes", "no");
        }, new ExecutionGraph("t", [], false), r => r, null, default);
        Assert.Equal("no", result["answer"]);
        Assert.Equal("yes", result["again"]);
        Assert.Equal("Capital? noyes", result.Text);
        Assert.Equal([false, true], backend.Scorings.Select(s => s.Unconditional));
        // token healing: the prompt's trailing space travels with the choices; the program text keeps it
        Assert.Equal("Capital?", backend.Scorings.First().Prompt);
        Assert.Equal([" yes", " no"], backend.Scorings.First().Choices);
    }
}

/// <summary>More hand-computed cases: multi-token means, greedy padding, and scores that cannot be used.</summary>
public class SelectScoringEdgeTests
{
    private static ChoiceScores Scores(float[][] conditional, float[][]? unconditional = null) => new(conditional, unconditional, new Usage(0, 0, 0));

    [Fact]
    public void MeansAreComputedOverEachChoicesOwnTokenCount()
    {
        // means: (-0.5 - 1.5) / 2 = -1.0 ; (-0.9) / 1 = -0.9 ; (-0.3 - 0.3 - 2.7) / 3 = -1.1
        Assert.Equal(1, SelectScoring.Choose(SelectMethod.TokenLengthNormalized, Scores([[-0.5f, -1.5f], [-0.9f], [-0.3f, -0.3f, -2.7f]])));
        // an exact tie goes to the earlier choice
        Assert.Equal(0, SelectScoring.Choose(SelectMethod.TokenLengthNormalized, Scores([[-1f, -1f], [-1f]])));
    }

    [Fact]
    public void GreedyPadsAShorterChoiceWithItsMeanLogprob()
    {
        // position 0 ties at -0.2; at position 1 choice 0 has run out and counts its mean (-0.2), beating -0.4
        Assert.Equal(0, SelectScoring.Choose(SelectMethod.GreedyToken, Scores([[-0.2f], [-0.2f, -0.4f]])));
        // ...but loses to a second token at -0.1
        Assert.Equal(1, SelectScoring.Choose(SelectMethod.GreedyToken, Scores([[-0.2f], [-0.2f, -0.1f]])));
    }

    [Fact]
    public void UnconditionalDifferencesAreAveragedPerToken()
    {
        // choice 0: ((-1 - -2) + (-1 - -1)) / 2 = 0.5 ; choice 1: (-0.5 - -1.2) / 1 = 0.7
        var scores = Scores([[-1f, -1f], [-0.5f]], [[-2f, -1f], [-1.2f]]);
        Assert.Equal(1, SelectScoring.Choose(SelectMethod.UnconditionalLikelihoodNormalized, scores));
    }

    [Fact]
    public void UnusableScoresAreRefusedWithTheReason()
    {
        Assert.Contains("no choices", Assert.Throws<ArgumentException>(() => SelectScoring.Choose(SelectMethod.TokenLengthNormalized, Scores([]))).Message);
        Assert.Contains("choice 1 has no scored tokens", Assert.Throws<ArgumentException>(() => SelectScoring.Choose(SelectMethod.GreedyToken, Scores([[-1f], []]))).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => SelectScoring.Choose(SelectMethod.TokenLengthNormalized, Scores([[float.NaN]]))).Message);
        Assert.Contains("1 conditional but 2 unconditional", Assert.Throws<ArgumentException>(() =>
            SelectScoring.Choose(SelectMethod.UnconditionalLikelihoodNormalized, Scores([[-1f]], [[-1f, -1f]]))).Message);
    }

    [Fact]
    public async Task ABackendScoringTheWrongNumberOfChoicesFailsTheSelect()
    {
        var backend = new ScriptedBackend(_ => "", (_, _) => [-1f]);
        var wrong = new WrongCountBackend(backend);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProgramRunner.RunAsync(wrong, s => s += Select("x", "a", "b"), ExecutionGraph.Untraced("t"), r => r, null, default));
        Assert.Contains("Select(\"x\"): the backend scored 1 choices, not 2", e.Message);
        var empty = new ScriptedBackend(_ => "", (_, _) => []);
        var unusable = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProgramRunner.RunAsync(empty, s => s += Select("y", "a", "b"), ExecutionGraph.Untraced("t"), r => r, null, default));
        Assert.Contains("Select(\"y\"): the backend's scores cannot be used: TokenLogprobs: choice 0 has no scored tokens", unusable.Message);
    }

    private sealed class WrongCountBackend(ScriptedBackend inner) : ILlmBackend
    {
        public ChatFormat ChatFormat => inner.ChatFormat;
        public BackendCapabilities Capabilities => inner.Capabilities;
        public Task<GenerateResponse> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken) => inner.GenerateAsync(request, cancellationToken);
        public IAsyncEnumerable<GenerateChunk> GenerateStreamAsync(GenerateRequest request, CancellationToken cancellationToken) => inner.GenerateStreamAsync(request, cancellationToken);
        public Task<IPrefixLease> CachePrefixAsync(string prefix, CancellationToken cancellationToken) => inner.CachePrefixAsync(prefix, cancellationToken);
        public async Task<ChoiceScores> ScoreChoicesAsync(ScoreRequest request, CancellationToken cancellationToken)
        {
            var scores = await inner.ScoreChoicesAsync(request, cancellationToken);
            return scores with { TokenLogprobs = scores.TokenLogprobs.Take(1).ToArray() };
        }
    }
}
