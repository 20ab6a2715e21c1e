using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace LlmLang.Runtime.Tokenization;

/// <summary>Encodings of words seen before. Bounded: past the limit new words are encoded but not kept.</summary>
internal sealed class WordCache
{
    private const int Limit = 1 << 16;
    private readonly ConcurrentDictionary<string, int[]> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string word, [NotNullWhen(true)] out int[]? ids) => _entries.TryGetValue(word, out ids);

    public void Add(string word, int[] ids)
    {
        if (_entries.Count < Limit) _entries.TryAdd(word, ids);
    }
}
