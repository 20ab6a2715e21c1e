using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Models;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Formats;

public sealed class ModelLoaderTests
{
    [SkippableTheory]
    [InlineData("aidreams260K", 64, 172, 4, 4, 4, 128)]
    [InlineData("gqa260K", 64, 172, 5, 8, 4, 512)]
    public void BinAndGgufCopiesLoadToTheSameModel(string name, int dim, int hidden, int layers, int heads, int kvHeads, int seqLen)
    {
        using var bin = ModelLoader.Load(SharedFixtures.Require($"models/{name}.bin"));
        using var gguf = ModelLoader.Load(SharedFixtures.Require($"models/{name}.gguf"));

        var expected = new ModelConfig("llama", dim, hidden, layers, heads, kvHeads, 512, seqLen, RopeLayout: RopeLayout.AdjacentPairs, TiedEmbeddings: true);
        Assert.Equal(expected, bin.Config);
        Assert.Equal(expected, gguf.Config);
        Assert.Equal(ModelFormat.Llama2c, bin.Source.Format);
        Assert.Equal(ModelFormat.Gguf, gguf.Source.Format);
        FormatAssert.SameWeights(bin.Weights, gguf.Weights);
        FormatAssert.SameEncodings(bin.Tokenizer, gguf.Tokenizer);
        Assert.Equal([2], bin.Generation.EosIds);
        Assert.Equal([2], gguf.Generation.EosIds);
    }

    [SkippableTheory]
    [InlineData("aidreams260K", "aidreams-tok512.bin")]
    [InlineData("gqa260K", "tok512.bin")]
    public void Llama2cCheckpointFindsItsTokenizerBesideIt(string name, string tokenizer)
    {
        using var model = ModelLoader.Load(SharedFixtures.Require($"models/{name}.bin"));
        Assert.Equal(tokenizer, Path.GetFileName(model.Source.TokenizerPath));
    }

    [SkippableFact]
    public void Llama2cTokenizerMatchesTheOraclePromptIds()
    {
        using var model = ModelLoader.Load(SharedFixtures.Require("models/gqa260K.bin"));
        string line = File.ReadLines(SharedFixtures.Require("models/reference/gqa260K.greedy.jsonl")).First();
        var json = System.Text.Json.JsonDocument.Parse(line).RootElement;
        var ids = json.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(ids, model.Tokenizer.Encode(json.GetProperty("prompt").GetString()!));
    }

    [SkippableFact]
    public void ExplicitTokenizerOverridesTheSearch()
    {
        string tok = SharedFixtures.Require("models/tok512.bin");
        using var model = ModelLoader.Load(SharedFixtures.Require("models/aidreams260K.bin"), new ModelLoadOptions { TokenizerPath = tok });
        Assert.Equal(tok, model.Source.TokenizerPath);
    }

    [SkippableFact]
    public void HuggingFaceFolderWithOnlyASentencePieceModelUsesIt()
    {
        using var temp = new TempFolder();
        using var bin = ModelLoader.Load(SharedFixtures.Require("models/gqa260K.bin"));
        ModelConverter.Convert(bin, temp["hf"], ModelFormat.HuggingFace);
        File.Delete(Path.Combine(temp["hf"], "tokenizer.json"));
        File.Copy(SharedFixtures.Require("models/tok512.model"), Path.Combine(temp["hf"], "tokenizer.model"));
        using var hf = ModelLoader.Load(temp["hf"]);
        FormatAssert.SameEncodings(bin.Tokenizer, hf.Tokenizer);
        using var viaConfig = ModelLoader.Load(Path.Combine(temp["hf"], "config.json"));
        Assert.Equal(temp["hf"], viaConfig.Source.Path);
        Assert.Equal(ModelFormat.HuggingFace, ModelLoader.Detect(Path.Combine(temp["hf"], "model.safetensors")));
    }

    [SkippableFact]
    public void GgufTokenizerCanBeReplaced()
    {
        string tok = SharedFixtures.Require("models/tok512.model");
        using var gguf = ModelLoader.Load(SharedFixtures.Require("models/gqa260K.gguf"), new ModelLoadOptions { TokenizerPath = tok });
        using var bin = ModelLoader.Load(SharedFixtures.Require("models/gqa260K.bin"));
        Assert.Equal(tok, gguf.Source.TokenizerPath);
        FormatAssert.SameEncodings(bin.Tokenizer, gguf.Tokenizer);
    }
}
