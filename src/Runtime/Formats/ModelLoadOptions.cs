namespace LlmLang.Runtime.Formats;

/// <summary>Choices for <see cref="ModelLoader.Load"/>.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>A tokenizer file (llama2.c <c>.bin</c>, SentencePiece <c>.model</c>, <c>tokenizer.json</c>) that replaces the
    /// model's own or, for llama2.c checkpoints, the one found beside it.</summary>
    public string? TokenizerPath { get; init; }
}
