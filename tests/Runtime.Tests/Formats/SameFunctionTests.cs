using System.Text.Json;
using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Models;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Formats;

/// <summary>A model converted to another format computes the same logits (the q/k permutation is right, not just reversible).</summary>
public sealed class SameFunctionTests
{
    [SkippableTheory]
    [InlineData("aidreams260K")]
    [InlineData("gqa260K")]
    public void ConversionsMatchTheOracleLogits(string name)
    {
        using var temp = new TempFolder();
        var oracle = JsonDocument.Parse(File.ReadLines(SharedFixtures.Require($"models/reference/{name}.greedy.jsonl")).First()).RootElement;
        int[] prompt = oracle.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        float[] expected = oracle.GetProperty("last_prompt_logits").EnumerateArray().Select(e => e.GetSingle()).ToArray();

        using var bin = ModelLoader.Load(SharedFixtures.Require($"models/{name}.bin"));
        ModelConverter.Convert(bin, temp["hf"], ModelFormat.HuggingFace);
        ModelConverter.Convert(bin, temp["m.gguf"], ModelFormat.Gguf);
        foreach (string path in new[] { temp["hf"], temp["m.gguf"] })
        {
            using var model = ModelLoader.Load(path);
            Assert.Equal(prompt, model.Tokenizer.Encode(oracle.GetProperty("prompt").GetString()!));
            AssertClose(expected, LastLogits(model, prompt), 1e-4f, path);
        }
    }

    [Theory]
    [InlineData("qwen2")]
    [InlineData("llama3")]
    public void HuggingFaceAndGgufCopiesComputeTheSameLogits(string shape)
    {
        using var temp = new TempFolder();
        using var model = SyntheticModels.Create(shape == "qwen2" ? SyntheticModels.Qwen2() : SyntheticModels.Llama3());
        int[] tokens = [1, 270 - 3, 5, 42, 100, 260, 261, 7, 9, 199];
        float[] reference = LastLogits(model, tokens);
        ModelConverter.Convert(model, temp["m.gguf"], ModelFormat.Gguf);
        using var gguf = ModelLoader.Load(temp["m.gguf"]);
        AssertClose(reference, LastLogits(gguf, tokens), 1e-4f, "gguf");
        ModelConverter.Convert(gguf, temp["hf"], ModelFormat.HuggingFace, "bf16");
        using var hf = ModelLoader.Load(temp["hf"]);
        AssertClose(reference, LastLogits(hf, tokens), 0.05f * reference.Max(Math.Abs), "hf bf16");
    }

    private static float[] LastLogits(LoadedModel model, int[] tokens)
    {
        using var transformer = new Transformer(model.Config, model.Weights);
        using var cache = new KvCache(model.Config, tokens.Length);
        using var logits = transformer.Forward([new SequenceChunk(tokens, 0, Enumerable.Range(0, tokens.Length).ToArray())], cache)!;
        return logits.data<float>().ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"{what}: max |logit difference| {worst} > {tolerance}");
    }
}
