using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Formats;

/// <summary>Everything <see cref="ModelLoader.Load"/> read: hyper-parameters, float32 weights, the tokenizer and the
/// model's generation defaults and chat template. Disposing it disposes the weights.</summary>
public sealed class LoadedModel : IDisposable
{
    /// <summary>Assembles a loaded model; takes ownership of <paramref name="weights"/>.</summary>
    public LoadedModel(ModelConfig config, ModelWeights weights, TokenizerSpec tokenizerSpec, ITokenizer tokenizer,
        GenerationDefaults generation, ModelSource source)
    {
        Config = config;
        Weights = weights;
        TokenizerSpec = tokenizerSpec;
        Tokenizer = tokenizer;
        Generation = generation;
        Source = source;
    }

    /// <summary>Hyper-parameters, including the RoPE layout the q/k weights are stored in.</summary>
    public ModelConfig Config { get; }

    /// <summary>Tensors by canonical name (<see cref="WeightNames"/>).</summary>
    public ModelWeights Weights { get; }

    /// <summary>The vocabulary as read from the source.</summary>
    public TokenizerSpec TokenizerSpec { get; }

    /// <summary>The tokenizer built from <see cref="TokenizerSpec"/>.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>Generation settings the model ships with (at least its EOS ids).</summary>
    public GenerationDefaults Generation { get; }

    /// <summary>The Jinja chat template (tokenizer_config.json or GGUF <c>tokenizer.chat_template</c>), if any.</summary>
    public string? ChatTemplate => TokenizerSpec.ChatTemplate;

    /// <summary>Where the model came from.</summary>
    public ModelSource Source { get; }

    /// <inheritdoc />
    public void Dispose() => Weights.Dispose();
}
