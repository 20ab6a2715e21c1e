namespace LlmLang;

/// <summary>Options of one program run.</summary>
public sealed record RunOptions
{
    /// <summary>Sampling defaults for every <c>Gen</c> of the run; a <c>Gen</c>'s own arguments override them.</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Whether forks ask the backend to keep their shared prefix cached (SGLang's fork prefix commit).</summary>
    public bool CacheForkPrefixes { get; init; } = true;
}
