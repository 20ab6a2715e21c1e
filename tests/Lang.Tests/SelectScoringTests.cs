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
