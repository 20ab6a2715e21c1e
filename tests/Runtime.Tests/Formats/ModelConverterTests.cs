using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;
using LlmLang.TestSupport;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Tests.Formats;

public sealed class ModelConverterTests
{
    public static TheoryData<string> Fixtures => new() { "aidreams260K.bin", "gqa260K.bin", "aidreams260K.gguf", "gqa260K.gguf" };

    [SkippableTheory]
    [MemberData(nameof(Fixtures))]
    public void HuggingFaceRoundTripKeepsEveryTensorAndEncoding(string fixture)
    {
        using var temp = new TempFolder();
        using var original = ModelLoader.Load(SharedFixtures.Require("models/" + fixture));
        ModelConverter.Convert(original, temp["hf"], ModelFormat.HuggingFace);
        using var hf = ModelLoader.Load(temp["hf"]);

        Assert.Equal(original.Config with { RopeLayout = RopeLayout.RotateHalf }, hf.Config);
        using (var back = ToLayout(hf, RopeLayout.AdjacentPairs)) FormatAssert.SameWeights(original.Weights, back);
        FormatAssert.SameEncodings(original.Tokenizer, hf.Tokenizer);
        Assert.Equal(original.Generation.EosIds, hf.Generation.EosIds);

        ModelConverter.Convert(hf, temp["again.gguf"], ModelFormat.Gguf);
        using var gguf = ModelLoader.Load(temp["again.gguf"]);
        Assert.Equal(original.Config, gguf.Config);
        FormatAssert.SameWeights(original.Weights, gguf.Weights);
        FormatAssert.SameEncodings(original.Tokenizer, gguf.Tokenizer);
    }

    [SkippableTheory]
    [InlineData("aidreams260K.bin")]
    [InlineData("gqa260K.bin")]
    public void GgufF32RoundTripIsExact(string fixture)
    {
        using var temp = new TempFolder();
        using var original = ModelLoader.Load(SharedFixtures.Require("models/" + fixture));
        ModelConverter.Convert(original, temp["m.gguf"], ModelFormat.Gguf);
        using var gguf = ModelLoader.Load(temp["m.gguf"]);
        Assert.Equal(original.Config, gguf.Config);
        FormatAssert.SameWeights(original.Weights, gguf.Weights);
        Assert.Equal(original.TokenizerSpec.Tokens, gguf.TokenizerSpec.Tokens);
        Assert.Equal(original.TokenizerSpec.Scores, gguf.TokenizerSpec.Scores);
        Assert.Equal(original.TokenizerSpec.Types, gguf.TokenizerSpec.Types);
        FormatAssert.SameEncodings(original.Tokenizer, gguf.Tokenizer);
    }

    [SkippableTheory]
    [InlineData(ModelFormat.Gguf, "f16", 1.0 / 2048)]
    [InlineData(ModelFormat.Gguf, "bf16", 1.0 / 256)]
    [InlineData(ModelFormat.Gguf, "q8_0", 1.0 / 254 + 1.0 / 2048)]
    [InlineData(ModelFormat.HuggingFace, "f16", 1.0 / 2048)]
    [InlineData(ModelFormat.HuggingFace, "bf16", 1.0 / 256)]
    public void ReducedPrecisionStaysWithinItsRoundingError(ModelFormat target, string type, double relative)
    {
        using var temp = new TempFolder();
        using var original = ModelLoader.Load(SharedFixtures.Require("models/gqa260K.bin"));
        string output = target == ModelFormat.Gguf ? temp["m.gguf"] : temp["hf"];
        ModelConverter.Convert(original, output, target, type);
        using var loaded = ModelLoader.Load(output);
        using var back = ToLayout(loaded, RopeLayout.AdjacentPairs);
        double error = FormatAssert.MaxRelativeError(original.Weights, back);
        Assert.InRange(error, 1e-9, relative);
        Assert.True(new FileInfo(target == ModelFormat.Gguf ? output : Path.Combine(output, "model.safetensors")).Length < 0.6 * new FileInfo(SharedFixtures.Require("models/gqa260K.bin")).Length);
    }

    [Fact]
    public void ShardedSafetensorsLoadLikeOneFile()
    {
        using var temp = new TempFolder();
        using var model = SyntheticModels.Create(SyntheticModels.Qwen2());
        ModelConverter.Convert(model, temp["hf"], ModelFormat.HuggingFace, "f32", maxShardBytes: 40_000);
        var shards = Directory.GetFiles(temp["hf"], "model-*-of-*.safetensors");
        Assert.True(shards.Length > 2, $"{shards.Length} shards");
        Assert.True(File.Exists(Path.Combine(temp["hf"], "model.safetensors.index.json")));
        Assert.False(File.Exists(Path.Combine(temp["hf"], "model.safetensors")));
        using var loaded = ModelLoader.Load(temp["hf"]);
        Assert.Equal(model.Config, loaded.Config);
        FormatAssert.SameWeights(model.Weights, loaded.Weights);
    }

    [Fact]
    public void Qwen2WithBiasesRoundTripsThroughEveryFormat()
    {
        using var temp = new TempFolder();
        using var model = SyntheticModels.Create(SyntheticModels.Qwen2());
        ModelConverter.Convert(model, temp["hf"], ModelFormat.HuggingFace);
        using var hf = ModelLoader.Load(temp["hf"]);
        Assert.Equal(model.Config, hf.Config);
        FormatAssert.SameWeights(model.Weights, hf.Weights);
        Assert.Equal(0.7f, hf.Generation.Temperature);
        Assert.Equal(0.9f, hf.Generation.TopP);
        Assert.Equal(model.ChatTemplate, hf.ChatTemplate);

        ModelConverter.Convert(hf, temp["q.gguf"], ModelFormat.Gguf);
        using var gguf = ModelLoader.Load(temp["q.gguf"]);
        Assert.Equal(model.Config, gguf.Config);
        FormatAssert.SameWeights(model.Weights, gguf.Weights);
        FormatAssert.SameEncodings(model.Tokenizer, gguf.Tokenizer);
        Assert.Equal(model.ChatTemplate, gguf.ChatTemplate);
        Assert.Equal(model.Generation, gguf.Generation with { EosIds = model.Generation.EosIds });
        Assert.Equal(model.Generation.EosIds, gguf.Generation.EosIds);
    }

    [Fact]
    public void Llama3RopeScalingRoundTripsAndGgufStoresQkInAdjacentPairs()
    {
        using var temp = new TempFolder();
        using var model = SyntheticModels.Create(SyntheticModels.Llama3());
        ModelConverter.Convert(model, temp["l.gguf"], ModelFormat.Gguf);
        using var gguf = ModelLoader.Load(temp["l.gguf"]);
        Assert.Equal(model.Config with { RopeLayout = RopeLayout.AdjacentPairs }, gguf.Config);
        using (NewDisposeScope()) Assert.False(gguf.Weights[WeightNames.Wq(0)].equal(model.Weights[WeightNames.Wq(0)]).all().item<bool>());
        using (var back = ToLayout(gguf, RopeLayout.RotateHalf)) FormatAssert.SameWeights(model.Weights, back);

        ModelConverter.Convert(gguf, temp["hf"], ModelFormat.HuggingFace);
        using var hf = ModelLoader.Load(temp["hf"]);
        Assert.Equal(model.Config, hf.Config);
        FormatAssert.SameWeights(model.Weights, hf.Weights);
    }

    [Fact]
    public void GgufPadsTheVocabularyToThePaddedEmbeddingAsLlamaCppRequires()
    {
        using var temp = new TempFolder();
        using var model = SyntheticModels.Create(SyntheticModels.Qwen2() with { VocabSize = 300 });
        ModelConverter.Convert(model, temp["p.gguf"], ModelFormat.Gguf);
        using var gguf = ModelLoader.Load(temp["p.gguf"]);
        Assert.Equal(300, gguf.TokenizerSpec.Tokens.Count);
        Assert.Equal("[PAD299]", gguf.TokenizerSpec.Tokens[299]);
        Assert.All(gguf.TokenizerSpec.Types.Skip(270), t => Assert.Equal(TokenType.Unused, t));
        FormatAssert.SameWeights(model.Weights, gguf.Weights);
        foreach (string prompt in FormatAssert.Prompts) Assert.Equal(model.Tokenizer.Encode(prompt), gguf.Tokenizer.Encode(prompt));
    }

    [Fact]
    public void PermutingToAdjacentPairsAndBackIsTheIdentity()
    {
        using var scope = NewDisposeScope();
        var w = randn(3 * 8, 5);
        var adjacent = RopePermutation.Convert(w, 3, RopeLayout.RotateHalf, RopeLayout.AdjacentPairs);
        var back = RopePermutation.Convert(adjacent, 3, RopeLayout.AdjacentPairs, RopeLayout.RotateHalf);
        Assert.True(back.equal(w).all().item<bool>());
        // Head 0, rotate-half rows (0, 4) are a RoPE pair; in adjacent-pairs layout they become rows (0, 1).
        Assert.True(adjacent[1].equal(w[4]).all().item<bool>());
        Assert.True(adjacent[2].equal(w[1]).all().item<bool>());
    }

    private static ModelWeights ToLayout(LoadedModel model, RopeLayout layout)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (string name in model.Weights.Names)
        {
            int heads = name.EndsWith(".wq", StringComparison.Ordinal) || name.EndsWith(".bq", StringComparison.Ordinal) ? model.Config.Heads
                : name.EndsWith(".wk", StringComparison.Ordinal) || name.EndsWith(".bk", StringComparison.Ordinal) ? model.Config.KvHeads : 0;
            tensors[name] = heads == 0 ? model.Weights[name].clone() : RopePermutation.Convert(model.Weights[name], heads, model.Config.RopeLayout, layout);
        }
        return new ModelWeights(tensors);
    }
}
