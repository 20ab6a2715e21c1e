using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Models;

namespace LlmLang.Runtime.Tests.Formats;

/// <summary>Llama 3 RoPE scaling in GGUF files that carry only llama.cpp's <c>rope_freqs.weight</c> (no llmlang keys).</summary>
public sealed class GgufRopeScalingTests
{
    [Fact]
    public void Llama3ScalingIsRecognisedFromTheFrequencyFactorsAlone()
    {
        using var temp = new TempFolder();
        string path = LlamaCppStyle(temp, SyntheticModels.Llama3());
        using var gguf = ModelLoader.Load(path);
        Assert.Equal(new RopeScaling("llama3", 32f, 1f, 4f, 64), gguf.Config.RopeScaling);
    }

    [Fact]
    public void OtherFrequencyFactorsAreRefused()
    {
        using var temp = new TempFolder();
        var config = SyntheticModels.Llama3() with { RopeScaling = new RopeScaling("llama3", 32f, 2f, 4f, 64) };
        string path = LlamaCppStyle(temp, config);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.Equal($"{path}: tensor \"rope_freqs.weight\" does not match Llama 3 RoPE scaling (factor 32, low/high frequency factors 1/4, original context 64); other frequency factors are not supported", e.Message);
    }

    // Writes the model as GGUF, then hides this project's own scaling keys so only what llama.cpp writes remains.
    private static string LlamaCppStyle(TempFolder temp, ModelConfig config)
    {
        using var model = SyntheticModels.Create(config);
        ModelConverter.Convert(model, temp["ours.gguf"], ModelFormat.Gguf);
        string path = temp["llamacpp.gguf"];
        File.WriteAllBytes(path, BytePatch.ReplaceAll(File.ReadAllBytes(temp["ours.gguf"]), "llmlang.rope_scaling.", "unknown.rope_scaling."));
        return path;
    }
}
