namespace LlmLang;

/// <summary>How <c>Select</c> turns per-token logprobs of each choice into a decision (SGLang's choice methods).</summary>
public static class SelectScoring
{
    /// <summary>The index of the winning choice under <paramref name="method"/>. Ties go to the earlier choice.</summary>
    /// <exception cref="ArgumentException">The scores do not fit the method (e.g. no unconditional logprobs).</exception>
    public static int Choose(SelectMethod method, ChoiceScores scores)
    {
        var conditional = scores.TokenLogprobs;
        if (conditional.Count == 0) throw new ArgumentException("no choices were scored");
        switch (method)
        {
            case SelectMethod.TokenLengthNormalized:
                return ArgMax(conditional.Select(Mean).ToArray());
            case SelectMethod.UnconditionalLikelihoodNormalized:
                var unconditional = scores.UnconditionalTokenLogprobs
                    ?? throw new ArgumentException("unconditional-likelihood normalisation needs the choices' unconditional logprobs");
                return ArgMax(conditional.Select((c, i) => Mean(c.Zip(unconditional[i], (a, b) => a - b).ToArray())).ToArray());
            case SelectMethod.GreedyToken:
                return GreedyToken(conditional);
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, null);
        }
    }

    /// <summary>Compares choices token by token: the best logprob at position 0 wins; ties (within 1e-6) move to the next
    /// position among the tied; a choice that runs out of tokens while tied wins (it was fully likely so far).</summary>
    private static int GreedyToken(IReadOnlyList<float[]> logprobs)
    {
        var alive = Enumerable.Range(0, logprobs.Count).ToList();
        for (int position = 0; alive.Count > 1; position++)
        {
            var finished = alive.Where(i => logprobs[i].Length <= position).ToList();
            if (finished.Count > 0) return finished[0];
            float best = alive.Max(i => logprobs[i][position]);
            alive = alive.Where(i => logprobs[i][position] >= best - 1e-6f).ToList();
        }
        return alive[0];
    }

    private static double Mean(float[] values) => values.Length == 0 ? double.NegativeInfinity : values.Average(v => (double)v);

    private static int ArgMax(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
