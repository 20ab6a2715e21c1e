using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>
/// The vocabulary in GGUF metadata (<c>tokenizer.ggml.*</c>, <c>tokenizer.chat_template</c>) ↔ <see cref="TokenizerSpec"/>.
/// Model <c>llama</c> is SentencePiece-style (scores, token types, byte pieces); <c>gpt2</c> is byte-level BPE with merges.
/// Two settings GGUF has no key for are kept under <c>llmlang.tokenizer.*</c>; files without them get llama.cpp's
/// inference from <c>tokenizer.ggml.pre</c>.
/// </summary>
internal static class GgufTokenizerMetadata
{
    private const string IgnoreMergesKey = "llmlang.tokenizer.ignore_merges";
    private const string NormalizationKey = "llmlang.tokenizer.normalization";

    /// <summary>The vocabulary of <paramref name="file"/>, or null when it has none.</summary>
    /// <exception cref="ModelFormatException">The tokenizer metadata is unsupported or inconsistent.</exception>
    public static TokenizerSpec? Read(GgufFile file)
    {
        string? model = file.GetString("tokenizer.ggml.model");
        if (model is null) return null;
        var kind = model switch
        {
            "llama" => TokenizerKind.SentencePieceBpe,
            "gpt2" => TokenizerKind.ByteLevelBpe,
            _ => throw new ModelFormatException(file.Path, $"tokenizer model \"{model}\" is not supported (supported: llama, gpt2)"),
        };
        var tokens = file.GetArray<string>("tokenizer.ggml.tokens")
            ?? throw new ModelFormatException(file.Path, "tokenizer.ggml.tokens is missing");
        var scores = file.GetArray<float>("tokenizer.ggml.scores");
        var types = file.GetIntArray("tokenizer.ggml.token_type");
        var merges = file.GetArray<string>("tokenizer.ggml.merges");
        if (scores is not null && scores.Length != tokens.Length) throw Mismatch(file, "scores", scores.Length, tokens.Length);
        if (types is not null && types.Length != tokens.Length) throw Mismatch(file, "token_type", types.Length, tokens.Length);
        if (kind == TokenizerKind.SentencePieceBpe && scores is null)
            throw new ModelFormatException(file.Path, "tokenizer.ggml.scores is missing; a llama (SentencePiece) vocabulary needs scores");
        if (kind == TokenizerKind.ByteLevelBpe && merges is null)
            throw new ModelFormatException(file.Path, "tokenizer.ggml.merges is missing; a gpt2 (byte-level BPE) vocabulary needs merges");

        var eos = new List<int>();
        foreach (string key in new[] { "tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id" })
            if (Id(file, key, tokens.Length) is int id && !eos.Contains(id)) eos.Add(id);
        string? pre = file.GetString("tokenizer.ggml.pre");
        return new TokenizerSpec(
            kind,
            tokens,
            kind == TokenizerKind.SentencePieceBpe ? scores : null,
            types?.Select(t => Enum.IsDefined((TokenType)t) ? (TokenType)t : TokenType.Normal).ToArray()
                ?? Enumerable.Repeat(TokenType.Normal, tokens.Length).ToArray(),
            kind == TokenizerKind.ByteLevelBpe ? merges : null,
            Id(file, "tokenizer.ggml.bos_token_id", tokens.Length),
            eos,
            Id(file, "tokenizer.ggml.unknown_token_id", tokens.Length),
            Id(file, "tokenizer.ggml.padding_token_id", tokens.Length),
            file.GetBool("tokenizer.ggml.add_bos_token") ?? kind == TokenizerKind.SentencePieceBpe,
            kind == TokenizerKind.ByteLevelBpe ? (pre == "gpt-4o" ? "o200k" : pre ?? "default") : null,
            file.GetString("tokenizer.chat_template"))
        {
            AddSpacePrefix = file.GetBool("tokenizer.ggml.add_space_prefix") ?? true,
            IgnoreMerges = file.GetBool(IgnoreMergesKey) ?? pre is "llama3" or "llama-bpe" or "llama-v3",
            Normalization = file.Get(NormalizationKey) is null ? (pre == "qwen2" ? "NFC" : null) : NullIfEmpty(file.GetString(NormalizationKey)),
        };
    }

    /// <summary>The metadata entries describing <paramref name="spec"/>, in the order a writer should emit them.</summary>
    public static IEnumerable<KeyValuePair<string, object>> Write(TokenizerSpec spec)
    {
        bool sentencePiece = spec.Kind == TokenizerKind.SentencePieceBpe;
        yield return new("tokenizer.ggml.model", sentencePiece ? "llama" : "gpt2");
        if (!sentencePiece) yield return new("tokenizer.ggml.pre", PreName(spec.PreTokenizer));
        yield return new("tokenizer.ggml.tokens", spec.Tokens.ToArray());
        if (spec.Scores is not null) yield return new("tokenizer.ggml.scores", spec.Scores.ToArray());
        yield return new("tokenizer.ggml.token_type", spec.Types.Select(t => (int)t).ToArray());
        if (spec.Merges is not null) yield return new("tokenizer.ggml.merges", spec.Merges.ToArray());
        if (spec.BosId is int bos) yield return new("tokenizer.ggml.bos_token_id", (uint)bos);
        if (spec.EosIds.Count > 0) yield return new("tokenizer.ggml.eos_token_id", (uint)spec.EosIds[0]);
        if (spec.EosIds.Count > 1) yield return new("tokenizer.ggml.eot_token_id", (uint)spec.EosIds[1]);
        if (spec.EosIds.Count > 2) yield return new("tokenizer.ggml.eom_token_id", (uint)spec.EosIds[2]);
        if (spec.UnknownId is int unk) yield return new("tokenizer.ggml.unknown_token_id", (uint)unk);
        if (spec.PaddingId is int pad) yield return new("tokenizer.ggml.padding_token_id", (uint)pad);
        yield return new("tokenizer.ggml.add_bos_token", spec.AddBos);
        if (sentencePiece) yield return new("tokenizer.ggml.add_space_prefix", spec.AddSpacePrefix);
        yield return new(IgnoreMergesKey, spec.IgnoreMerges);
        yield return new(NormalizationKey, spec.Normalization ?? "");
        if (spec.ChatTemplate is not null) yield return new("tokenizer.chat_template", spec.ChatTemplate);
    }

    // llama.cpp knows pre-tokenizers by name only; a split regex it does not recognise is kept as is (our reader accepts it).
    private static string PreName(string? pre) => pre switch
    {
        null or PreTokenizer.Gpt2 => "default",
        PreTokenizer.Llama3 => "llama-bpe",
        PreTokenizer.Qwen2 => "qwen2",
        PreTokenizer.O200k => "gpt-4o",
        _ => pre,
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static int? Id(GgufFile file, string key, int vocab) => file.GetInteger(key) switch
    {
        null => null,
        long id when id >= 0 && id < vocab => (int)id,
        // llama.cpp writes -1 (as uint32 0xFFFFFFFF) for "none".
        long id when id is -1 or uint.MaxValue => null,
        long id => throw new ModelFormatException(file.Path, $"{key} is {id}, outside the vocabulary of {vocab} tokens"),
    };

    private static ModelFormatException Mismatch(GgufFile file, string what, int count, int tokens) =>
        new(file.Path, $"tokenizer.ggml.{what} has {count} entries but tokenizer.ggml.tokens has {tokens}");
}
