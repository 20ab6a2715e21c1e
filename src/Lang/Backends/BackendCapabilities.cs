namespace LlmLang;

/// <summary>What a backend supports.</summary>
/// <param name="Constraints">The constraint kinds it enforces.</param>
/// <param name="PrefixCaching">Whether <see cref="ILlmBackend.CachePrefixAsync"/> really keeps prefixes.</param>
public sealed record BackendCapabilities(IReadOnlySet<ConstraintKind> Constraints, bool PrefixCaching);
