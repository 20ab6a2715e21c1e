using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Tests.Formats;

/// <summary>Small random models with a tiny SentencePiece-style vocabulary, for round trips of configurations the fixtures lack.</summary>
internal static class SyntheticModels
{
    /// <summary>&lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, the 256 byte pieces, then a few words: 270 tokens.</summary>
    public static TokenizerSpec Vocabulary()
    {
        string[] words = ["▁a", "▁b", "▁the", "he", "▁t", "th", "▁c", "at", "▁cat", "▁h", "▁he"];
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<TokenType> { TokenType.Unknown, TokenType.Control, TokenType.Control };
        for (int b = 0; b < 256; b++) { tokens.Add($"<0x{b:X2}>"); types.Add(TokenType.Byte); }
        tokens.AddRange(words);
        types.AddRange(words.Select(_ => TokenType.Normal));
        var scores = tokens.Select((_, i) => i < 259 ? 0f : -(float)(i - 259)).ToArray();
        return new TokenizerSpec(TokenizerKind.SentencePieceBpe, tokens, scores, types, null, 1, [2], 0, null, true, null, "{{ messages }}");
    }

    public static ModelConfig Qwen2() => new("qwen2", 64, 96, 2, 4, 2, 270, 64, RopeTheta: 1_000_000f, RmsNormEps: 1e-6f,
        RopeLayout: RopeLayout.RotateHalf, TiedEmbeddings: false, AttentionBias: true);

    public static ModelConfig Llama3() => new("llama", 64, 128, 2, 4, 1, 270, 256, RopeTheta: 500_000f, RmsNormEps: 1e-5f,
        RopeLayout: RopeLayout.RotateHalf, RopeScaling: new RopeScaling("llama3", 32f, 1f, 4f, 64), TiedEmbeddings: true, HeadDim: 32);

    public static LoadedModel Create(ModelConfig config, long seed = 7)
    {
        var spec = Vocabulary();
        return new LoadedModel(config, RandomWeights.Create(config, seed), spec, TokenizerFactory.Create(spec),
            new GenerationDefaults([2], 1, Temperature: 0.7f, TopP: 0.9f), new ModelSource(ModelFormat.HuggingFace, "synthetic", null));
    }
}
