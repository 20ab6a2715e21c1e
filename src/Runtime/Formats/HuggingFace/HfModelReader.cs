using LlmLang.Runtime.Formats.Safetensors;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.HuggingFace;

/// <summary>Reads a Hugging Face folder: <c>config.json</c>, safetensors weights (single or sharded) kept in their
/// rotate-half layout, and the tokenizer (<c>tokenizer.json</c> with <c>tokenizer_config.json</c>, else <c>tokenizer.model</c>).</summary>
public static class HfModelReader
{
    /// <summary>The configuration and weights of the folder.</summary>
    /// <exception cref="ModelFormatException">A file is missing or malformed, a tensor is missing or has the wrong shape.</exception>
    public static (ModelConfig Config, ModelWeights Weights) Read(string folder)
    {
        var config = HfConfig.Read(Path.Combine(folder, HfConfig.FileName));
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        // Only the tensors the config implies are read: extras (a tied checkpoint's redundant lm_head, rotary caches) are ignored.
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var slot in ModelTensors.For(config))
            {
                if (!checkpoint.Contains(slot.HfName)) throw new ModelFormatException(folder, $"tensor \"{slot.HfName}\" is missing");
                ModelTensors.CheckShape(folder, slot.HfName, slot, checkpoint.Shape(slot.HfName));
                tensors[slot.Name] = checkpoint.ReadFloat32(slot.HfName);
            }
            return (config, new ModelWeights(tensors));
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>The folder's vocabulary.</summary>
    /// <exception cref="ModelFormatException">The folder has no tokenizer file.</exception>
    public static TokenizerSpec ReadTokenizer(string folder)
    {
        string json = Path.Combine(folder, "tokenizer.json"), config = Path.Combine(folder, "tokenizer_config.json");
        if (File.Exists(json)) return TokenizerJson.Read(json, File.Exists(config) ? config : null);
        string sentencePiece = Path.Combine(folder, "tokenizer.model");
        if (File.Exists(sentencePiece)) return TokenizerFactory.Load(sentencePiece).Spec;
        throw new ModelFormatException(folder, "no tokenizer: neither tokenizer.json nor tokenizer.model is present");
    }
}
