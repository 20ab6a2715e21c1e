using LlmLang.Runtime.Formats.Gguf;
using LlmLang.Runtime.Formats.HuggingFace;
using LlmLang.Runtime.Formats.Llama2c;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Formats;

/// <summary>
/// The single entry point for reading models. The format follows from the path: a folder (or its <c>config.json</c> or a
/// <c>.safetensors</c> file in it) is a Hugging Face checkpoint, a file starting with the GGUF magic is GGUF, any other
/// <c>.bin</c> is a llama2.c checkpoint (its tokenizer is
/// <see cref="ModelLoadOptions.TokenizerPath"/> or found beside it, see <see cref="Llama2cTokenizerLocator"/>).
/// </summary>
public static class ModelLoader
{
    /// <summary>Loads the model at <paramref name="path"/> with its tokenizer.</summary>
    /// <exception cref="ModelFormatException">The model is missing, malformed or unsupported (the message names the file).</exception>
    /// <exception cref="TokenizerFormatException">The tokenizer file is missing or malformed.</exception>
    public static LoadedModel Load(string path, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        var format = Detect(path);
        if (format == ModelFormat.HuggingFace && File.Exists(path)) path = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var (config, weights, spec, generation, tokenizerPath) = format switch
        {
            ModelFormat.Gguf => ReadGguf(path, options),
            ModelFormat.Llama2c => ReadLlama2c(path, options),
            _ => ReadHuggingFace(path, options),
        };
        try
        {
            ITokenizer tokenizer;
            try
            {
                tokenizer = TokenizerFactory.Create(spec);
            }
            catch (ArgumentException e)
            {
                throw new ModelFormatException(tokenizerPath ?? path, $"unusable tokenizer: {e.Message}", e);
            }
            if (tokenizer.VocabSize > config.VocabSize)
                throw new ModelFormatException(tokenizerPath ?? path,
                    $"the tokenizer has {tokenizer.VocabSize} tokens but the model's embedding has only {config.VocabSize} rows");
            return new LoadedModel(config, weights, spec, tokenizer, generation, new ModelSource(format, path, tokenizerPath));
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>The format of the model at <paramref name="path"/>, from its kind (folder or file), magic and extension.</summary>
    /// <exception cref="ModelFormatException">Nothing is there, or it is none of the known formats.</exception>
    public static ModelFormat Detect(string path)
    {
        if (Directory.Exists(path)) return ModelFormat.HuggingFace;
        if (!File.Exists(path)) throw new ModelFormatException(path, "no such file or folder");
        Span<byte> magic = stackalloc byte[4];
        using (var stream = File.OpenRead(path))
            if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && BitConverter.ToUInt32(magic) == GgufFile.Magic)
                return ModelFormat.Gguf;
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (Path.GetFileName(path) == HuggingFace.HfConfig.FileName) return ModelFormat.HuggingFace;
        return extension switch
        {
            ".bin" => ModelFormat.Llama2c,
            ".safetensors" => ModelFormat.HuggingFace,
            ".gguf" => throw new ModelFormatException(path, "not a GGUF file: the magic \"GGUF\" is missing"),
            _ => throw new ModelFormatException(path, "not a model: expected a llama2.c .bin, a .gguf file, or a Hugging Face folder"),
        };
    }

    private static Parts ReadGguf(string path, ModelLoadOptions options)
    {
        var (config, weights, spec, generation) = GgufModelReader.Read(path);
        try
        {
            string? tokenizerPath = options.TokenizerPath;
            spec = tokenizerPath is not null ? TokenizerFactory.Load(tokenizerPath).Spec
                : spec ?? throw new ModelFormatException(path, "no tokenizer: the file has no tokenizer.ggml.* metadata; name one (--tokenizer PATH)");
            return new(config, weights, spec, generation with { EosIds = spec.EosIds, BosId = spec.BosId }, tokenizerPath);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    private static Parts ReadLlama2c(string path, ModelLoadOptions options)
    {
        var header = Llama2cCheckpoint.ReadConfig(path);
        string tokenizerPath = options.TokenizerPath ?? Llama2cTokenizerLocator.Find(path, header.VocabSize);
        var spec = Path.GetExtension(tokenizerPath).Equals(".bin", StringComparison.OrdinalIgnoreCase)
            ? Llama2cVocabulary.Read(tokenizerPath, header.VocabSize)
            : TokenizerFactory.Load(tokenizerPath).Spec;
        var (config, weights) = Llama2cCheckpoint.Read(path);
        return new(config, weights, spec, new GenerationDefaults(spec.EosIds, spec.BosId), tokenizerPath);
    }

    private static Parts ReadHuggingFace(string path, ModelLoadOptions options)
    {
        var (config, weights) = HfModelReader.Read(path);
        try
        {
            string? tokenizerPath = options.TokenizerPath;
            var spec = tokenizerPath is not null ? TokenizerFactory.Load(tokenizerPath).Spec : HfModelReader.ReadTokenizer(path);
            string generationPath = Path.Combine(path, GenerationDefaults.FileName);
            var generation = File.Exists(generationPath)
                ? GenerationDefaults.Read(generationPath, spec.EosIds)
                : new GenerationDefaults(spec.EosIds, spec.BosId);
            return new(config, weights, spec, generation, tokenizerPath);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    private sealed record Parts(ModelConfig Config, ModelWeights Weights, TokenizerSpec Spec, GenerationDefaults Generation, string? TokenizerPath);
}
