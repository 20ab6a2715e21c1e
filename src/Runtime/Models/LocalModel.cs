using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Tokenization;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Models;

/// <summary>
/// A model ready to run in this process: the <see cref="Transformer"/> on its device, its tokenizer and its chat
/// template. Load one from a file or folder, or take the <see cref="BuiltInModel"/>; then create an engine over it.
/// </summary>
public sealed class LocalModel : IDisposable
{
    private LocalModel(string name, Transformer transformer, ITokenizer tokenizer)
    {
        Name = name;
        Transformer = transformer;
        Tokenizer = tokenizer;
    }

    /// <summary>A name for display (the file name, or the built-in model's label).</summary>
    public string Name { get; }

    /// <summary>The network.</summary>
    public Transformer Transformer { get; }

    /// <summary>The vocabulary.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>The Jinja chat template shipped with the model, if any.</summary>
    public string? ChatTemplate => Tokenizer.Spec.ChatTemplate;

    /// <summary>The hyper-parameters.</summary>
    public ModelConfig Config => Transformer.Config;

    /// <summary>The untrained built-in model (see <see cref="BuiltInModel"/>).</summary>
    public static LocalModel BuiltIn(Device? device = null)
    {
        using var weights = BuiltInModel.CreateWeights();
        return new LocalModel(BuiltInModel.Name, new Transformer(BuiltInModel.Config, weights, device),
            TokenizerFactory.Create(BuiltInModel.TokenizerSpec));
    }

    /// <summary>
    /// Loads a llama2.c <c>.bin</c> (with <paramref name="tokenizerPath"/>, or the tokenizer found beside it), a
    /// <c>.gguf</c> or a Hugging Face folder, and places it on <paramref name="device"/>.
    /// </summary>
    /// <exception cref="ModelFormatException">The files are missing, malformed or of an unsupported architecture.</exception>
    public static LocalModel Load(string path, string? tokenizerPath = null, Device? device = null)
    {
        using var loaded = ModelLoader.Load(path, new ModelLoadOptions { TokenizerPath = tokenizerPath });
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        return new LocalModel(name, new Transformer(loaded.Config, loaded.Weights, device), loaded.Tokenizer);
    }

    /// <summary>A continuous-batching engine over this model (the model must outlive it).</summary>
    public LlmEngine CreateEngine(EngineOptions? options = null) => new(Transformer, Tokenizer, options);

    /// <inheritdoc />
    public void Dispose() => Transformer.Dispose();
}
