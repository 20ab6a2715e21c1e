using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLang.Runtime.Formats.Safetensors;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.HuggingFace;

/// <summary>
/// Writes a Hugging Face folder: <c>config.json</c>, <c>generation_config.json</c>, <c>tokenizer.json</c> +
/// <c>tokenizer_config.json</c>, and the weights in the rotate-half layout as <c>model.safetensors</c>, or as
/// <c>model-0000i-of-0000n.safetensors</c> shards with <c>model.safetensors.index.json</c> when they exceed the shard size.
/// </summary>
public static class HfModelWriter
{
    /// <summary>Safetensors dtypes this writer produces.</summary>
    public static readonly IReadOnlyList<string> DTypes = ["F32", "F16", "BF16"];

    /// <summary>Writes the model into <paramref name="folder"/> (created if needed), tensors stored as <paramref name="dtype"/>.</summary>
    public static void Write(string folder, ModelConfig config, ModelWeights weights, TokenizerSpec tokenizer,
        GenerationDefaults generation, string dtype, long maxShardBytes = long.MaxValue)
    {
        if (!DTypes.Contains(dtype)) throw new ArgumentException($"dtype \"{dtype}\" is not supported (supported: {string.Join(", ", DTypes)})", nameof(dtype));
        Directory.CreateDirectory(folder);
        var shards = new List<List<TensorSlot>> { new() };
        long shardBytes = 0;
        foreach (var slot in ModelTensors.For(config))
        {
            long bytes = SafetensorsWriter.ByteSize(weights[slot.Name], dtype);
            if (shards[^1].Count > 0 && shardBytes + bytes > maxShardBytes)
            {
                shards.Add([]);
                shardBytes = 0;
            }
            shards[^1].Add(slot);
            shardBytes += bytes;
        }
        var weightMap = new JsonObject();
        for (int i = 0; i < shards.Count; i++)
        {
            string file = shards.Count == 1 ? SafetensorsCheckpoint.SingleFile : $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            var tensors = shards[i].Select(s => (s.HfName, RopePermutation.Convert(weights[s.Name], RopePermutation.Heads(config, s.Rope),
                s.Rope == RopeRows.None ? RopeLayout.RotateHalf : config.RopeLayout, RopeLayout.RotateHalf))).ToList();
            try
            {
                SafetensorsWriter.Write(Path.Combine(folder, file), tensors, dtype);
            }
            finally
            {
                foreach (var (_, t) in tensors) t.Dispose();
            }
            foreach (var s in shards[i]) weightMap[s.HfName] = file;
        }
        string index = Path.Combine(folder, SafetensorsCheckpoint.IndexFile);
        if (shards.Count > 1)
        {
            long total = ModelTensors.For(config).Sum(s => SafetensorsWriter.ByteSize(weights[s.Name], dtype));
            var json = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = weightMap };
            File.WriteAllText(index, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else if (File.Exists(index)) File.Delete(index);
        HfConfig.Write(config with { RopeLayout = RopeLayout.RotateHalf }, folder, TorchDtype(dtype), tokenizer.BosId, generation.EosIds);
        generation.Write(folder);
        TokenizerJson.Write(tokenizer, folder);
    }

    private static string TorchDtype(string dtype) => dtype switch
    {
        "F16" => "float16",
        "BF16" => "bfloat16",
        _ => "float32",
    };
}
