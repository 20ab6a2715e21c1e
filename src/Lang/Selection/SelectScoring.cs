namespace LlmLang;

/// <summary>
/// Picks a Select's choice from the per-token logprobs a backend returned (as SGLang's choice methods do), so every
/// backend scores the same way and the arithmetic is tested here against hand-computed values.
/// </summary>
public static class SelectScoring
{
    /// <summary>The index of the chosen choice; ties go to the earliest choice.</summary>
    /// <exception cref="ArgumentException">The scores are unusable: no choices, a choice without tokens, NaN, or no
    /// unconditional logprobs for <see cref="SelectMethod.UnconditionalLikelihoodNormalized"/>.</exception>
    public static int Choose(SelectMethod method, ChoiceScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        Check(scores.TokenLogprobs, "TokenLogprobs");
        return method switch
        {
            SelectMethod.TokenLengthNormalized => ArgMax(scores.TokenLogprobs.Select(Mean).ToArray()),
            SelectMethod.GreedyToken => Greedy(scores.TokenLogprobs),
            SelectMethod.UnconditionalLikelihoodNormalized => ArgMax(UnconditionalNormalized(scores)),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown select method"),
        };
    }

    /// <summary>Per choice, the mean over its tokens of (logprob given the prompt − logprob without it).</summary>
    private static double[] UnconditionalNormalized(ChoiceScores scores)
    {
        var unconditional = scores.UnconditionalTokenLogprobs
            ?? throw new ArgumentException("an UnconditionalLikelihoodNormalized select needs the choices' unconditional logprobs, and the backend returned none");
        Check(unconditional, "UnconditionalTokenLogprobs");
        if (unconditional.Count != scores.TokenLogprobs.Count)
            throw new ArgumentException($"{scores.TokenLogprobs.Count} choices scored with the prompt but {unconditional.Count} without");
        var result = new double[unconditional.Count];
        for (int c = 0; c < unconditional.Count; c++)
        {
            if (unconditional[c].Length != scores.TokenLogprobs[c].Length)
                throw new ArgumentException($"choice {c}: {scores.TokenLogprobs[c].Length} conditional but {unconditional[c].Length} unconditional token logprobs");
            double sum = 0;
            for (int t = 0; t < unconditional[c].Length; t++) sum += scores.TokenLogprobs[c][t] - unconditional[c][t];
            result[c] = sum / unconditional[c].Length;
        }
        return result;
    }

    /// <summary>
    /// Compares the choices token by token: keep the choices whose token at position j has the highest logprob, until
    /// one is left. A choice shorter than j tokens counts its mean logprob at the missing positions.
    /// </summary>
    private static int Greedy(IReadOnlyList<float[]> logprobs)
    {
        var remaining = Enumerable.Range(0, logprobs.Count).ToList();
        int longest = logprobs.Max(l => l.Length);
        for (int j = 0; j < longest && remaining.Count > 1; j++)
        {
            double At(int c) => j < logprobs[c].Length ? logprobs[c][j] : Mean(logprobs[c]);
            double best = remaining.Max(At);
            remaining = remaining.Where(c => At(c) == best).ToList();
        }
        return remaining[0];
    }

    private static double Mean(float[] values) => values.Sum(v => (double)v) / values.Length;

    private static int ArgMax(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static void Check(IReadOnlyList<float[]> logprobs, string what)
    {
        if (logprobs.Count == 0) throw new ArgumentException($"{what}: no choices were scored");
        for (int c = 0; c < logprobs.Count; c++)
        {
            if (logprobs[c].Length == 0) throw new ArgumentException($"{what}: choice {c} has no scored tokens");
            if (logprobs[c].Any(float.IsNaN)) throw new ArgumentException($"{what}: choice {c} has NaN logprobs");
        }
    }
}
