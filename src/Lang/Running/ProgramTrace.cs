namespace LlmLang;

/// <summary>One backend call of a run.</summary>
/// <param name="Kind"><c>gen</c>, <c>select</c> or <c>prefix</c>.</param>
/// <param name="Variable">The variable it produced, if any.</param>
/// <param name="Sent">The prompt text sent.</param>
/// <param name="Received">The text received (the chosen choice for select).</param>
/// <param name="Usage">Token counts, including prompt tokens served from the prefix cache.</param>
/// <param name="Elapsed">Wall time of the call.</param>
public sealed record TraceEntry(string Kind, string? Variable, string Sent, string Received, Usage Usage, TimeSpan Elapsed);

/// <summary>What a run sent and received, with token totals.</summary>
/// <param name="Entries">The calls, in completion order.</param>
public sealed record ProgramTrace(IReadOnlyList<TraceEntry> Entries)
{
    /// <summary>Prompt tokens over all calls.</summary>
    public int PromptTokens => Entries.Sum(e => e.Usage.PromptTokens);

    /// <summary>Prompt tokens served from the backend's prefix cache.</summary>
    public int CachedPromptTokens => Entries.Sum(e => e.Usage.CachedPromptTokens);

    /// <summary>Prompt tokens the backend actually computed.</summary>
    public int ComputedPromptTokens => PromptTokens - CachedPromptTokens;

    /// <summary>Generated (or scored) tokens.</summary>
    public int CompletionTokens => Entries.Sum(e => e.Usage.CompletionTokens);

    /// <summary>A one-line summary for examples and logs.</summary>
    public override string ToString() =>
        $"{Entries.Count} calls: {PromptTokens} prompt tokens ({ComputedPromptTokens} computed, {CachedPromptTokens} from cache), {CompletionTokens} generated";
}
