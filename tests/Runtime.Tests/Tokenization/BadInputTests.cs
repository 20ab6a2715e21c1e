using LlmLang.Runtime.Tokenization;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Tokenization;

/// <summary>Missing, truncated and malformed tokenizer files give errors that name the file and the problem.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llmlang-tok-bad-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("missing.bin")]
    [InlineData("missing.model")]
    [InlineData("missing/tokenizer.json")]
    public void MissingFile(string name)
    {
        string path = Path.Combine(_directory, name);
        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerFactory.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not found", error.Message);
    }

    [SkippableFact]
    public void TruncatedLlama2cVocabulary()
    {
        byte[] data = File.ReadAllBytes(SharedFixtures.Require("models/tok512.bin"));
        string path = Path.Combine(_directory, "tok.bin");
        File.WriteAllBytes(path, data[..(data.Length / 2)]);

        var error = Assert.Throws<TokenizerFormatException>(() => Llama2cVocabulary.Read(path, 512));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("truncated at piece", error.Message);
        Assert.Contains("512", error.Message);
    }

    [Theory]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}", "malformed JSON at line 1")]
    [InlineData("{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}", "model type \"Unigram\" is not supported")]
    [InlineData("{\"version\": \"1.0\"}", "no \"model\" object")]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}}", "neither a byte-level BPE")]
    [InlineData("{\"pre_tokenizer\": {\"type\": \"ByteLevel\"}, \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": \"zero\"}}}", "")]
    [InlineData("{\"pre_tokenizer\": {\"type\": \"ByteLevel\"}, \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1}, \"merges\": [\"ab\"]}}", "merge 0 \"ab\"")]
    [InlineData("{\"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Digits\"}, {\"type\": \"ByteLevel\"}]}, \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}}", "pre-tokenizer \"Digits\" is not supported")]
    [InlineData("{\"normalizer\": {\"type\": \"NFKC\"}, \"pre_tokenizer\": {\"type\": \"ByteLevel\"}, \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}}", "normalizer \"NFKC\" is not supported")]
    public void MalformedTokenizerJson(string json, string problem)
    {
        string path = Path.Combine(_directory, "tokenizer.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerFactory.Load(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [SkippableFact]
    public void MalformedTokenizerConfigIsNamed()
    {
        string folder = Path.Combine(_directory, "hf");
        Directory.CreateDirectory(folder);
        File.Copy(SharedFixtures.Require("tokenizers/qwen3/tokenizer.json"), Path.Combine(folder, "tokenizer.json"));
        string config = Path.Combine(folder, "tokenizer_config.json");
        File.WriteAllText(config, "{\"eos_token\": \"<|im_end|>\",");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerFactory.Load(folder));
        Assert.StartsWith(config, error.Message);
        Assert.Contains("malformed JSON", error.Message);
    }

    [Fact]
    public void GarbageSentencePieceModel()
    {
        string path = Path.Combine(_directory, "x.model");
        File.WriteAllBytes(path, [0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2]);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerFactory.Load(path));
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void UnknownExtension()
    {
        string path = Path.Combine(_directory, "vocab.txt");
        File.WriteAllText(path, "a");
        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerFactory.Load(path));
        Assert.Contains("unknown tokenizer file type", error.Message);
    }

    [Fact]
    public void InconsistentSpecIsRejected()
    {
        var spec = new TokenizerSpec(TokenizerKind.SentencePieceBpe, ["<unk>", "a"], [0f], [TokenType.Unknown, TokenType.Normal],
            null, 5, [], 0, null, true, null, null);
        var error = Assert.Throws<ArgumentException>(() => TokenizerFactory.Create(spec));
        Assert.Contains("2 tokens but 1 scores", error.Message);
    }
}
