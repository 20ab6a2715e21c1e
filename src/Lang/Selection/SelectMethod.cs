namespace LlmLang;

/// <summary>How <c>Select</c> compares candidates (as in SGLang).</summary>
public enum SelectMethod
{
    /// <summary>Mean token logprob of each choice (the default).</summary>
    TokenLengthNormalized,
    /// <summary>Greedy: compare the choices' first tokens, then later tokens to break ties.</summary>
    GreedyToken,
    /// <summary>Mean of (token logprob given the prompt − token logprob without it), favouring choices the prompt made likelier.</summary>
    UnconditionalLikelihoodNormalized,
}
