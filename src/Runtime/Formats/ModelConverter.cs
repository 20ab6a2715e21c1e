using LlmLang.Runtime.Formats.Gguf;
using LlmLang.Runtime.Formats.HuggingFace;

namespace LlmLang.Runtime.Formats;

/// <summary>
/// Writes a loaded model as GGUF or as a Hugging Face folder. q/k rows are permuted to the target's RoPE layout, so every
/// format computes the same function. Storage types: GGUF <c>f32</c>, <c>f16</c>, <c>bf16</c>, <c>q8_0</c>; Hugging Face
/// <c>f32</c>, <c>f16</c>, <c>bf16</c>.
/// </summary>
public static class ModelConverter
{
    /// <summary>Storage type names accepted for GGUF.</summary>
    public static readonly IReadOnlyList<string> GgufTypes = ["f32", "f16", "bf16", "q8_0"];

    /// <summary>Storage type names accepted for Hugging Face folders.</summary>
    public static readonly IReadOnlyList<string> HfTypes = ["f32", "f16", "bf16"];

    /// <summary>Loads <paramref name="input"/> and writes it to <paramref name="output"/>.</summary>
    /// <exception cref="ModelFormatException">The input cannot be read.</exception>
    /// <exception cref="ArgumentException">The target cannot be written (unsupported type or format).</exception>
    public static void Convert(string input, string output, ModelFormat target, string type = "f32", ModelLoadOptions? options = null)
    {
        using var model = ModelLoader.Load(input, options);
        Convert(model, output, target, type);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="output"/> (a <c>.gguf</c> file or a folder).</summary>
    /// <param name="model">The model.</param>
    /// <param name="output">The file (GGUF) or folder (Hugging Face) to write.</param>
    /// <param name="target">GGUF or Hugging Face.</param>
    /// <param name="type">Storage type, lower case (see <see cref="GgufTypes"/>, <see cref="HfTypes"/>).</param>
    /// <param name="maxShardBytes">Hugging Face: split safetensors into shards of at most this many bytes.</param>
    /// <exception cref="ArgumentException">Unsupported type or target.</exception>
    public static void Convert(LoadedModel model, string output, ModelFormat target, string type = "f32", long maxShardBytes = 5L << 30)
    {
        type = type.ToLowerInvariant();
        switch (target)
        {
            case ModelFormat.Gguf:
                if (!GgufTypes.Contains(type)) throw Unsupported(type, "GGUF", GgufTypes);
                if (Directory.Exists(output)) throw new ArgumentException($"{output}: is a folder; GGUF output is a single file", nameof(output));
                if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } parent) Directory.CreateDirectory(parent);
                var ggufType = type switch { "f16" => GgufTensorType.F16, "bf16" => GgufTensorType.BF16, "q8_0" => GgufTensorType.Q8_0, _ => GgufTensorType.F32 };
                string name = Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(model.Source.Path));
                GgufWriter.Write(output, model.Config, model.Weights, model.TokenizerSpec, model.Generation, ggufType, name);
                break;
            case ModelFormat.HuggingFace:
                if (!HfTypes.Contains(type)) throw Unsupported(type, "Hugging Face", HfTypes);
                if (File.Exists(output)) throw new ArgumentException($"{output}: is a file; Hugging Face output is a folder", nameof(output));
                HfModelWriter.Write(output, model.Config, model.Weights, model.TokenizerSpec, model.Generation, type.ToUpperInvariant(), maxShardBytes);
                break;
            default:
                throw new ArgumentException($"cannot write {target} (supported targets: gguf, hf)", nameof(target));
        }
    }

    private static ArgumentException Unsupported(string type, string format, IReadOnlyList<string> supported) =>
        new($"type \"{type}\" is not supported for {format} (supported: {string.Join(", ", supported)})", nameof(type));
}
