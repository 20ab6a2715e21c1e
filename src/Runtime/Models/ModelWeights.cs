using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Models;

/// <summary>
/// The tensors of a model by canonical name (<see cref="WeightNames"/>), as float32 on the CPU.
/// Loaders fill it; the Transformer and the format writers read it. Owns and disposes its tensors.
/// </summary>
public sealed class ModelWeights : IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors;

    /// <summary>Takes ownership of <paramref name="tensors"/>.</summary>
    public ModelWeights(IDictionary<string, Tensor> tensors) => _tensors = new Dictionary<string, Tensor>(tensors);

    /// <summary>Tensor names, in no particular order.</summary>
    public IEnumerable<string> Names => _tensors.Keys;

    /// <summary>The tensor named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> naming it when absent.</summary>
    public Tensor this[string name] =>
        _tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"tensor \"{name}\" is missing");

    /// <summary>Looks up an optional tensor.</summary>
    public bool TryGet(string name, out Tensor tensor) => _tensors.TryGetValue(name, out tensor!);

    /// <summary>Whether a tensor of this name exists.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }
}
