using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Models;

/// <summary>
/// The model used when none is given: a tiny Llama with deterministic random weights (fixed seed) over a byte-level
/// vocabulary (256 bytes, BOS, EOS). It is NOT trained: its output is noise. It exists so that every command and
/// example runs on a machine with nothing but the .NET SDK; pass a real model (<c>--model PATH</c>) for real text.
/// </summary>
public static class BuiltInModel
{
    /// <summary>The name shown wherever the built-in model is used.</summary>
    public const string Name = "builtin-random-256 (untrained, seeded random weights: output is noise)";

    private const int Bos = 256, Eos = 257;

    /// <summary>The built-in model's shape: dim 64, 2 layers, 4 heads (2 KV heads), byte vocabulary, 512 positions.</summary>
    public static ModelConfig Config { get; } = new("llama", Dim: 64, HiddenDim: 176, Layers: 2, Heads: 4, KvHeads: 2, VocabSize: 258, MaxSeqLen: 512);

    /// <summary>Its weights, from a fixed seed (the same on every machine).</summary>
    public static ModelWeights CreateWeights() => RandomWeights.Create(Config, seed: 20260101);

    /// <summary>Its byte-level tokenizer: every byte is a token; BOS 256, EOS 257.</summary>
    public static TokenizerSpec TokenizerSpec { get; } = new(
        TokenizerKind.ByteLevelBpe,
        [.. Enumerable.Range(0, 256).Select(b => ByteUnicodeMap.ToChar((byte)b).ToString()), "<s>", "</s>"],
        Scores: null,
        Types: [.. Enumerable.Repeat(TokenType.Normal, 256), TokenType.Control, TokenType.Control],
        Merges: [],
        BosId: Bos,
        EosIds: [Eos],
        UnknownId: null,
        PaddingId: null,
        AddBos: true,
        PreTokenizer: null,
        ChatTemplate: null);
}
