namespace LlmLang;

/// <summary>Options of one program run.</summary>
public sealed record RunOptions
{
    /// <summary>Sampling defaults for every <c>Gen</c> of the run; a <c>Gen</c>'s own arguments override them.</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Whether forks ask the backend to keep their shared prefix cached (SGLang's fork prefix commit).</summary>
    public bool CacheForkPrefixes { get; init; } = true;
}

/// <summary>Options of a batch run.</summary>
public sealed record BatchOptions
{
    /// <summary>Options of each run.</summary>
    public RunOptions Run { get; init; } = new();

    /// <summary>Most programs running at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 16;

    /// <summary>Whether the constant prefix every item shares (from the execution graph) is computed once before the batch.</summary>
    public bool CacheSharedPrefix { get; init; } = true;
}

/// <summary>Progress of a batch: how many of the programs have finished.</summary>
/// <param name="Completed">Finished programs.</param>
/// <param name="Total">All programs.</param>
public sealed record BatchProgress(int Completed, int Total);

/// <summary>
/// A piece of a running program's text. Deltas of one state come in the order of its text; deltas of parallel fork
/// branches interleave, told apart by <see cref="State"/>.
/// </summary>
/// <param name="Text">The new text.</param>
/// <param name="Variable">The variable being generated or selected, or null for constant text and role markers.</param>
/// <param name="State">Which state it extends: 0 for the program's own state, then fork branches numbered as created.</param>
public sealed record TextDelta(string Text, string? Variable, int State = 0);
