namespace LlmLang.Runtime.Sampling;

/// <summary>
/// A per-request constraint on which tokens may come next (a grammar matcher, a choice list). The engine asks for the
/// allowed set before each sampled token and reports the token it took.
/// </summary>
public interface ITokenConstraint
{
    /// <summary>Sets bit i (word i/32) for every allowed token, EOS included exactly when the constraint may end here.
    /// The span is cleared by the caller and has one bit per vocabulary entry.</summary>
    void FillAllowed(Span<uint> bitmask);

    /// <summary>Advances past <paramref name="tokenId"/>; false (state unchanged) when it is not allowed.</summary>
    bool Accept(int tokenId);

    /// <summary>True when nothing more can follow (the constrained output is complete).</summary>
    bool IsComplete { get; }
}
