using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Formats.HuggingFace;
using LlmLang.Runtime.Models;

namespace LlmLang.Runtime.Tests.Formats;

public sealed class HfConfigTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadsALlama32StyleConfig()
    {
        var config = Read("""
            {"architectures": ["LlamaForCausalLM"], "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009],
             "head_dim": 64, "hidden_act": "silu", "hidden_size": 2048, "intermediate_size": 8192, "max_position_embeddings": 131072,
             "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 16, "num_key_value_heads": 8,
             "rms_norm_eps": 1e-05, "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
             "original_max_position_embeddings": 8192, "rope_type": "llama3"}, "rope_theta": 500000.0,
             "tie_word_embeddings": true, "torch_dtype": "bfloat16", "vocab_size": 128256}
            """);
        Assert.Equal(new ModelConfig("llama", 2048, 8192, 16, 32, 8, 128256, 131072, 500000f, 1e-5f, RopeLayout.RotateHalf,
            new RopeScaling("llama3", 32f, 1f, 4f, 8192), TiedEmbeddings: true), config);
    }

    [Fact]
    public void ReadsAQwen2StyleConfigWithBiases()
    {
        var config = Read("""
            {"architectures": ["Qwen2ForCausalLM"], "hidden_size": 896, "intermediate_size": 4864, "max_position_embeddings": 32768,
             "max_window_layers": 21, "num_attention_heads": 14, "num_hidden_layers": 24, "num_key_value_heads": 2,
             "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": true,
             "use_sliding_window": false, "vocab_size": 151936}
            """);
        Assert.Equal(new ModelConfig("qwen2", 896, 4864, 24, 14, 2, 151936, 32768, 1e6f, 1e-6f, RopeLayout.RotateHalf,
            TiedEmbeddings: true, AttentionBias: true), config);
    }

    [Fact]
    public void MistralDefaultsToUntiedWithoutBias()
    {
        var config = Read("""
            {"architectures": ["MistralForCausalLM"], "hidden_size": 64, "intermediate_size": 128, "max_position_embeddings": 256,
             "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2, "vocab_size": 300, "sliding_window": null}
            """);
        Assert.Equal("mistral", config.Architecture);
        Assert.False(config.TiedEmbeddings);
        Assert.False(config.AttentionBias);
    }

    [Theory]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "hidden_size": 64}""", "\"num_attention_heads\" is missing")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "hidden_size": "wide"}""", "malformed config:")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "hidden_size": 64, "intermediate_size": 128, "max_position_embeddings": 256, "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 300, "rope_scaling": {"rope_type": "yarn", "factor": 4}}""",
        "rope_scaling type \"yarn\" is not supported (supported: linear, llama3)")]
    [InlineData("""{"architectures": ["MistralForCausalLM"], "hidden_size": 64, "intermediate_size": 128, "max_position_embeddings": 256, "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 300, "sliding_window": 64}""",
        "sliding-window attention (sliding_window 64) is not supported")]
    [InlineData("[1, 2]", "expected a JSON object")]
    public void BadConfigsAreNamed(string json, string problem)
    {
        string path = _temp["config.json"];
        File.WriteAllText(path, json);
        var e = Assert.Throws<ModelFormatException>(() => HfConfig.Read(path));
        Assert.StartsWith($"{path}: {problem}", e.Message);
    }

    private ModelConfig Read(string json)
    {
        string path = _temp["config.json"];
        File.WriteAllText(path, json);
        return HfConfig.Read(path);
    }
}
