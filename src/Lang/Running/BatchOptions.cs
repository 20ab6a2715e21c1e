namespace LlmLang;

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
