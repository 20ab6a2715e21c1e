using LlmLang.Runtime.Tokenization;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Tokenization;

/// <summary>TokenizerJson.Write then Read gives a tokenizer that encodes identically.</summary>
public sealed class TokenizerJsonRoundTripTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmlang-tok-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [SkippableTheory]
    [InlineData("tok512.bin")]
    [InlineData("aidreams-tok512.bin")]
    [InlineData("llama2-tokenizer.model")]
    [InlineData("llama3")]
    [InlineData("qwen3")]
    public void WrittenTokenizerEncodesIdentically(string name)
    {
        var original = TokenizerFixtures.Get(name);
        TokenizerJson.Write(original.Spec, _directory);
        var reread = TokenizerFactory.Load(Path.Combine(_directory, "tokenizer.json"));

        Assert.Equal(original.Spec.Kind, reread.Spec.Kind);
        Assert.Equal(original.VocabSize, reread.VocabSize);
        Assert.Equal(original.BosId, reread.BosId);
        Assert.Equal(original.EosIds, reread.EosIds);
        Assert.Equal(original.AddBosByDefault, reread.AddBosByDefault);
        Assert.Equal(original.Spec.ChatTemplate, reread.Spec.ChatTemplate);
        foreach (string text in TokenizerFixtures.VariedTexts)
        {
            Assert.Equal(original.Encode(text), reread.Encode(text));
            Assert.Equal(original.Encode(text, parseSpecial: true), reread.Encode(text, parseSpecial: true));
        }
        for (int id = 0; id < original.VocabSize; id++)
        {
            Assert.True(original.TokenBytes(id).SequenceEqual(reread.TokenBytes(id)), $"token {id}");
            Assert.Equal(original.IsSpecial(id), reread.IsSpecial(id));
        }
    }

    [SkippableFact]
    public void SentencePieceStyleFileIsAByteFallbackBpe()
    {
        TokenizerJson.Write(TokenizerFixtures.Get("tok512.bin").Spec, _directory);
        string json = File.ReadAllText(Path.Combine(_directory, "tokenizer.json"));

        Assert.Contains("\"byte_fallback\": true", json);
        Assert.Contains("\"Prepend\"", json);
        Assert.Contains("\"add_bos_token\": true", File.ReadAllText(Path.Combine(_directory, "tokenizer_config.json")));
    }

    [Fact]
    public void TiktokenWithoutMergesIsRefusedClearly()
    {
        var error = Assert.Throws<ArgumentException>(() => TokenizerJson.Write(Tiktoken.Cl100k().Spec, _directory));
        Assert.Contains("without merges", error.Message);
    }
}
