namespace LlmLang.Runtime.Formats;

/// <summary>The on-disk formats models are read from and written to.</summary>
public enum ModelFormat
{
    /// <summary>A llama2.c checkpoint <c>.bin</c> with a separate tokenizer <c>.bin</c>.</summary>
    Llama2c,
    /// <summary>A single GGUF file with the vocabulary in its metadata.</summary>
    Gguf,
    /// <summary>A Hugging Face folder: config.json, safetensors, tokenizer.json.</summary>
    HuggingFace,
}

/// <summary>Where a loaded model came from.</summary>
/// <param name="Format">The format read.</param>
/// <param name="Path">The model file or folder.</param>
/// <param name="TokenizerPath">The tokenizer file when it was separate from the model (llama2.c, or given explicitly).</param>
public sealed record ModelSource(ModelFormat Format, string Path, string? TokenizerPath)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Format} {Path}" + (TokenizerPath is null ? "" : $" (tokenizer {TokenizerPath})");
}
