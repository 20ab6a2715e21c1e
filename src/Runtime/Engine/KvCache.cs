using LlmLang.Runtime.Models;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Engine;

/// <summary>
/// Key/value storage for every layer as a flat pool of token slots: layer l keeps K and V together as
/// [slots, 2, kv_heads, head], so one index operation writes or reads both.
/// The model writes a token's K/V into the slot the caller assigns and reads a sequence's context through its list of
/// slots, so sequences never own growing tensors and can share the slots of a common prefix.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] _layers;

    /// <summary>Allocates <paramref name="slots"/> token slots for every layer of <paramref name="config"/> (zeros, float32).</summary>
    public KvCache(ModelConfig config, int slots, Device? device = null)
    {
        if (slots <= 0) throw new ArgumentOutOfRangeException(nameof(slots), slots, "a KV cache needs at least one slot");
        SlotCount = slots;
        _layers = new Tensor[config.Layers];
        for (int l = 0; l < config.Layers; l++)
            _layers[l] = zeros([slots, 2, config.KvHeads, config.HeadSize], float32, device).DetachFromDisposeScope();
        BytesPerSlot = 2L * config.Layers * config.KvDim * sizeof(float);
    }

    /// <summary>Number of token slots.</summary>
    public int SlotCount { get; }

    /// <summary>Bytes of K and V one token occupies across all layers.</summary>
    public long BytesPerSlot { get; }

    /// <summary>Keys and values of a layer: [slots, 2, kv_heads, head].</summary>
    internal Tensor Layer(int layer) => _layers[layer];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _layers) t.Dispose();
    }
}
