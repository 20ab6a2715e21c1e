namespace LlmLang;

/// <summary>A generation request.</summary>
/// <param name="Prompt">The whole text so far (roles already rendered).</param>
/// <param name="Sampling">Sampling and stopping.</param>
/// <param name="Constraint">The constraint on the output, or null.</param>
public sealed record GenerateRequest(string Prompt, SamplingOptions Sampling, Constraint? Constraint = null);

/// <summary>Sampling and stopping parameters of one generation.</summary>
public sealed record SamplingOptions
{
    /// <summary>Most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 128;
    /// <summary>Temperature (0: greedy).</summary>
    public double Temperature { get; init; } = 1.0;
    /// <summary>Top-p.</summary>
    public double TopP { get; init; } = 1.0;
    /// <summary>Top-k (0: off).</summary>
    public int TopK { get; init; }
    /// <summary>Min-p (0: off).</summary>
    public double MinP { get; init; }
    /// <summary>Seed for reproducible sampling, or null.</summary>
    public ulong? Seed { get; init; }
    /// <summary>Strings that end generation (excluded from the text).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];
}

/// <summary>Token counts of one call.</summary>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="CachedPromptTokens">Prompt tokens served from the backend's prefix cache instead of computed.</param>
/// <param name="CompletionTokens">Tokens generated (or scored).</param>
public sealed record Usage(int PromptTokens, int CachedPromptTokens, int CompletionTokens);

/// <summary>A generation's result.</summary>
/// <param name="Text">The generated text (stop strings excluded).</param>
/// <param name="FinishReason"><c>stop</c>, <c>length</c> or a backend-specific reason.</param>
/// <param name="Usage">Token counts.</param>
public sealed record GenerateResponse(string Text, string FinishReason, Usage Usage);

/// <summary>A streamed piece of a generation; <see cref="Final"/> is set on the last one.</summary>
/// <param name="Delta">New text.</param>
/// <param name="Final">The complete response, on the last chunk only.</param>
public sealed record GenerateChunk(string Delta, GenerateResponse? Final = null);
