using static TorchSharp.torch;

namespace LlmLang.Runtime.Engine;

/// <summary>Resources of an <see cref="LlmEngine"/>.</summary>
public sealed record EngineOptions
{
    /// <summary>Token slots in the KV cache, shared by all running sequences (0: eight full contexts).</summary>
    public int KvSlots { get; init; }

    /// <summary>Most prompt tokens computed in one forward pass; longer prompts are split into chunks.</summary>
    public int MaxPrefillTokens { get; init; } = 2048;

    /// <summary>Most sequences decoded together in one step.</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>Where to compute (CPU here; CUDA where built with <c>-p:TorchBackend=cuda</c>).</summary>
    public Device? Device { get; init; }
}
