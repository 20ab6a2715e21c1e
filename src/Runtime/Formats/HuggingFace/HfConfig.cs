using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLang.Runtime.Models;

namespace LlmLang.Runtime.Formats.HuggingFace;

/// <summary>Hugging Face <c>config.json</c> ↔ <see cref="ModelConfig"/> for LlamaForCausalLM, MistralForCausalLM and Qwen2ForCausalLM.
/// Checkpoints in this format store q/k in the rotate-half RoPE layout.</summary>
public static class HfConfig
{
    /// <summary>The file name inside a Hugging Face folder.</summary>
    public const string FileName = "config.json";

    private static readonly Dictionary<string, string> s_architectures = new(StringComparer.Ordinal)
    {
        ["LlamaForCausalLM"] = "llama",
        ["MistralForCausalLM"] = "mistral",
        ["Qwen2ForCausalLM"] = "qwen2",
    };

    /// <summary>Reads <c>config.json</c>.</summary>
    /// <exception cref="ModelFormatException">Missing file, malformed JSON, unsupported architecture or missing fields.</exception>
    public static ModelConfig Read(string path)
    {
        if (!File.Exists(path)) throw new ModelFormatException(path, "file not found");
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new ModelFormatException(path, "expected a JSON object");
            string hfName = json["architectures"]?.AsArray().FirstOrDefault()?.GetValue<string>()
                ?? json["model_type"]?.GetValue<string>()
                ?? throw new ModelFormatException(path, "neither \"architectures\" nor \"model_type\" is present");
            string arch = s_architectures.TryGetValue(hfName, out var a) ? a
                : ModelConfig.SupportedArchitectures.Contains(hfName) ? hfName
                : throw new ModelFormatException(path, $"architecture \"{hfName}\" is not supported (supported: {string.Join(", ", ModelConfig.SupportedArchitectures)})");
            int dim = Required(path, json, "hidden_size"), heads = Required(path, json, "num_attention_heads");
            if (json["sliding_window"] is JsonValue window && window.TryGetValue(out int w) && w < Required(path, json, "max_position_embeddings")
                && json["use_sliding_window"]?.GetValue<bool>() != false)
                throw new ModelFormatException(path, $"sliding-window attention (sliding_window {w}) is not supported");
            int headDim = json["head_dim"]?.GetValue<int>() ?? dim / heads;
            return new ModelConfig(
                arch,
                dim,
                Required(path, json, "intermediate_size"),
                Required(path, json, "num_hidden_layers"),
                heads,
                json["num_key_value_heads"]?.GetValue<int>() ?? heads,
                Required(path, json, "vocab_size"),
                Required(path, json, "max_position_embeddings"),
                RopeTheta: json["rope_theta"]?.GetValue<float>() ?? 10000f,
                RmsNormEps: json["rms_norm_eps"]?.GetValue<float>() ?? 1e-6f,
                RopeLayout: RopeLayout.RotateHalf,
                RopeScaling: ReadScaling(path, json["rope_scaling"] as JsonObject),
                TiedEmbeddings: json["tie_word_embeddings"]?.GetValue<bool>() ?? false,
                AttentionBias: json["attention_bias"]?.GetValue<bool>() ?? arch == "qwen2",
                HeadDim: headDim == dim / heads ? 0 : headDim);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelFormatException(path, $"malformed config: {e.Message}", e);
        }
    }

    /// <summary>Writes <c>config.json</c> for <paramref name="config"/> into <paramref name="directory"/>.</summary>
    public static void Write(ModelConfig config, string directory, string torchDtype, int? bosId, IReadOnlyList<int> eosIds)
    {
        string hfName = s_architectures.First(p => p.Value == config.Architecture).Key;
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(hfName),
            ["model_type"] = config.Architecture,
            ["hidden_size"] = config.Dim,
            ["intermediate_size"] = config.HiddenDim,
            ["num_hidden_layers"] = config.Layers,
            ["num_attention_heads"] = config.Heads,
            ["num_key_value_heads"] = config.KvHeads,
            ["head_dim"] = config.HeadSize,
            ["vocab_size"] = config.VocabSize,
            ["max_position_embeddings"] = config.MaxSeqLen,
            ["rope_theta"] = config.RopeTheta,
            ["rms_norm_eps"] = config.RmsNormEps,
            ["tie_word_embeddings"] = config.TiedEmbeddings,
            ["attention_bias"] = config.AttentionBias,
            ["hidden_act"] = "silu",
            ["torch_dtype"] = torchDtype,
        };
        if (bosId is int bos) json["bos_token_id"] = bos;
        if (eosIds.Count > 0) json["eos_token_id"] = eosIds.Count == 1 ? JsonValue.Create(eosIds[0]) : new JsonArray(eosIds.Select(i => (JsonNode)i).ToArray());
        if (config.RopeScaling is { } s)
            json["rope_scaling"] = s.Type == "llama3"
                ? new JsonObject
                {
                    ["rope_type"] = "llama3", ["factor"] = s.Factor, ["low_freq_factor"] = s.LowFreqFactor,
                    ["high_freq_factor"] = s.HighFreqFactor, ["original_max_position_embeddings"] = s.OriginalMaxPositions,
                }
                : new JsonObject { ["rope_type"] = s.Type, ["factor"] = s.Factor };
        File.WriteAllText(Path.Combine(directory, FileName), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static RopeScaling? ReadScaling(string path, JsonObject? json)
    {
        if (json is null) return null;
        string type = (json["rope_type"] ?? json["type"])?.GetValue<string>() ?? "default";
        float factor = json["factor"]?.GetValue<float>() ?? 1f;
        return type switch
        {
            "default" => null,
            "linear" => new RopeScaling("linear", factor),
            "llama3" => new RopeScaling("llama3", factor,
                json["low_freq_factor"]?.GetValue<float>() ?? 1f,
                json["high_freq_factor"]?.GetValue<float>() ?? 4f,
                json["original_max_position_embeddings"]?.GetValue<int>() ?? 8192),
            _ => throw new ModelFormatException(path, $"rope_scaling type \"{type}\" is not supported (supported: linear, llama3)"),
        };
    }

    private static int Required(string path, JsonObject json, string key) =>
        json[key]?.GetValue<int>() ?? throw new ModelFormatException(path, $"\"{key}\" is missing");
}
