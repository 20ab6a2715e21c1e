using System.Text.Json;
using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Formats;

/// <summary>Real byte-level BPE vocabularies (Llama 3, Qwen3) survive GGUF (<c>gpt2</c> model, merges, pre) and Hugging Face round trips.</summary>
public sealed class ByteLevelVocabularyTests
{
    [SkippableTheory]
    [InlineData("llama3")]
    [InlineData("qwen3")]
    public void ConvertedModelsEncodeTheReferenceTexts(string name)
    {
        string folder = SharedFixtures.Require("tokenizers/" + name);
        var spec = TokenizerJson.Read(Path.Combine(folder, "tokenizer.json"), Path.Combine(folder, "tokenizer_config.json"));
        var config = new ModelConfig("llama", 16, 32, 1, 2, 1, spec.Tokens.Count, 32, RopeLayout: RopeLayout.RotateHalf);
        using var model = new LoadedModel(config, RandomWeights.Create(config, 3), spec, TokenizerFactory.Create(spec),
            new GenerationDefaults(spec.EosIds, spec.BosId), new ModelSource(ModelFormat.HuggingFace, folder, null));
        var references = File.ReadLines(SharedFixtures.Require("tokenizers/reference.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("tokenizer").GetString() == name)
            .Select(r => (Text: r.GetProperty("text").GetString()!, Ids: r.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray()))
            .ToList();
        Assert.NotEmpty(references);

        using var temp = new TempFolder();
        ModelConverter.Convert(model, temp["m.gguf"], ModelFormat.Gguf);
        ModelConverter.Convert(model, temp["hf"], ModelFormat.HuggingFace);
        foreach (string path in new[] { temp["m.gguf"], temp["hf"] })
        {
            using var loaded = ModelLoader.Load(path);
            Assert.Equal(TokenizerKind.ByteLevelBpe, loaded.TokenizerSpec.Kind);
            Assert.Equal(spec.Tokens, loaded.TokenizerSpec.Tokens);
            Assert.Equal(spec.BosId, loaded.TokenizerSpec.BosId);
            Assert.Equal(spec.EosIds[0], loaded.TokenizerSpec.EosIds[0]);
            Assert.Equal(spec.AddBos, loaded.TokenizerSpec.AddBos);
            Assert.Equal(spec.ChatTemplate, loaded.ChatTemplate);
            foreach (var (text, ids) in references) Assert.Equal(ids, loaded.Tokenizer.Encode(text, addBos: false, parseSpecial: true));
            for (int id = 0; id < spec.Tokens.Count; id += 97) Assert.Equal(model.Tokenizer.TokenBytes(id).ToArray(), loaded.Tokenizer.TokenBytes(id).ToArray());
        }
    }
}
