namespace LlmLang.Grammar.Compilation;

/// <summary>Bounds on one compilation; exceeding one raises a <see cref="GrammarException"/> that names it.</summary>
/// <param name="MaxNfaStates">Most byte-level NFA states after inlining and repetition expansion.</param>
/// <param name="MaxDfaStates">Most determinized automaton states over all rules.</param>
/// <param name="Timeout">Longest wall-clock time a compilation may take.</param>
/// <param name="MaxLiveStacks">Most parser stacks a matcher may track at once (bounds ambiguous grammars at run time).</param>
/// <param name="MaskPrecomputeBudget">How long a compilation goes on filling the token-mask cache, counted from the start
/// of its front end's work (<see cref="Ir.GrammarDefinition.BuildTime"/>, e.g. a schema's translation) (default: 50 ms);
/// entries left undone are computed when a matcher first needs them. Zero: all on first use (on MaskBench, compiles
/// about four times faster at the median while the slowest masks take about twice as long);
/// <see cref="TimeSpan.MaxValue"/>: all while compiling, as far as the time limit allows.</param>
public sealed record CompileLimits(int MaxNfaStates = 400_000, int MaxDfaStates = 100_000, TimeSpan? Timeout = null, int MaxLiveStacks = 4096,
    TimeSpan? MaskPrecomputeBudget = null)
{
    /// <summary>The defaults: 400k NFA states, 100k automaton states, 10 s, 4096 live stacks, 50 ms of mask precompute.</summary>
    public static CompileLimits Default { get; } = new();

    /// <summary>The effective time limit.</summary>
    public TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromSeconds(10);

    /// <summary>The effective mask precompute budget: never past the time limit.</summary>
    public TimeSpan EffectiveMaskPrecomputeBudget =>
        (MaskPrecomputeBudget ?? DefaultMaskPrecomputeBudget) is var budget && budget < EffectiveTimeout ? budget : EffectiveTimeout;

    private static readonly TimeSpan DefaultMaskPrecomputeBudget = TimeSpan.FromMilliseconds(50);
}
