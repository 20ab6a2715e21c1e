namespace LlmLang.Runtime.Tokenization;

/// <summary>Builds tokenizers from vocabulary descriptions and tokenizer files.</summary>
public static class TokenizerFactory
{
    /// <summary>A tokenizer for <paramref name="spec"/> (e.g. a GGUF <c>tokenizer.ggml.*</c> vocabulary).</summary>
    /// <exception cref="ArgumentException">The spec is inconsistent (counts, ids out of range, unknown pre-tokenizer regex).</exception>
    public static ITokenizer Create(TokenizerSpec spec) => spec.Kind switch
    {
        TokenizerKind.SentencePieceBpe => new SentencePieceBpeTokenizer(spec),
        TokenizerKind.ByteLevelBpe => new ByteLevelBpeTokenizer(spec),
        _ => throw new ArgumentException($"tokenizer kind {spec.Kind} is not supported", nameof(spec)),
    };

    /// <summary>Loads a llama2.c tokenizer <c>.bin</c>, a SentencePiece <c>.model</c>, a GGUF model's vocabulary, or a <c>tokenizer.json</c>
    /// (with <c>tokenizer_config.json</c> beside it when present). A folder stands for its <c>tokenizer.json</c>, or its
    /// <c>tokenizer.model</c> when it has no <c>tokenizer.json</c>.</summary>
    /// <exception cref="TokenizerFormatException">The file is missing, truncated or malformed.</exception>
    public static ITokenizer Load(string path)
    {
        TokenizerSpec spec = ReadSpec(path);
        try
        {
            return Create(spec);
        }
        catch (ArgumentException e)
        {
            throw new TokenizerFormatException(path, e.Message, e);
        }
    }

    /// <summary>Reads the vocabulary of any file <see cref="Load"/> accepts.</summary>
    /// <exception cref="TokenizerFormatException">The file is missing, truncated or malformed.</exception>
    public static TokenizerSpec ReadSpec(string path)
    {
        if (Directory.Exists(path))
        {
            string json = Path.Combine(path, "tokenizer.json"), model = Path.Combine(path, "tokenizer.model");
            path = File.Exists(json) || !File.Exists(model) ? json : model;
        }
        if (!File.Exists(path)) throw new TokenizerFormatException(path, "file not found");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".json")
        {
            string config = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "tokenizer_config.json");
            return TokenizerJson.Read(path, File.Exists(config) ? config : null);
        }
        if (extension == ".model") return SentencePieceModel.Read(path);
        if (extension == ".bin") return Llama2cVocabulary.Read(path);
        if (extension == ".gguf") return GgufVocabulary(path);
        throw new TokenizerFormatException(path, $"unknown tokenizer file type \"{extension}\" (supported: llama2.c .bin, SentencePiece .model, tokenizer.json, .gguf)");
    }

    // The tokenizer.ggml.* metadata only; the tensors are not read.
    private static TokenizerSpec GgufVocabulary(string path)
    {
        try
        {
            using var file = Formats.Gguf.GgufFile.Open(path);
            return Formats.Gguf.GgufTokenizerMetadata.Read(file) ?? throw new TokenizerFormatException(path, "the GGUF file has no tokenizer.ggml.* vocabulary");
        }
        catch (Formats.ModelFormatException e)
        {
            throw new TokenizerFormatException(path, e.Message, e);
        }
    }
}
